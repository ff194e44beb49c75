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

// The theme choice (System, Light or Dark), remembered per user in this browser.
window.arthaAdmin.getTheme = function (key) {
    try { return window.localStorage.getItem(key); } catch { return null; }
};
window.arthaAdmin.setTheme = function (key, value) {
    try { window.localStorage.setItem(key, value); } catch { /* private mode: the choice lasts for this page only */ }
};
