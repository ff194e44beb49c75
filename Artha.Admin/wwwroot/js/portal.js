// Small browser helpers the portal calls through JS interop.
window.arthaAdmin = {
    submitForm: function (id) {
        const form = document.getElementById(id);
        if (form) { form.submit(); }
    },
    copyText: function (text) {
        return navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject(new Error("Clipboard unavailable"));
    },
    downloadFile: function (fileName, contentType, base64) {
        const link = document.createElement("a");
        link.href = "data:" + contentType + ";base64," + base64;
        link.download = fileName;
        document.body.appendChild(link);
        link.click();
        link.remove();
    }
};
