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
    // The static account pages (no script, no user yet) follow the last choice made in this browser (StaticTheme).
    document.cookie = "artha-admin-theme=" + encodeURIComponent(value) + "; path=/; max-age=31536000; samesite=lax";
};

// Idle sign-out support (IdleWatch.razor): activity on the page renews the sliding sign-in cookie at most once per
// interval; the dialog's "Stay signed in" renews at once; the sign-out posts the real sign-out form.
window.arthaAdmin.idle = (function () {
    const events = ["keydown", "pointerdown", "wheel", "touchstart"];
    let watcher = null, url = null, interval = 60000, lastRenewal = 0, inFlight = null;

    async function renew() {
        if (inFlight) { return inFlight; }
        inFlight = fetch(url, { method: "POST", credentials: "same-origin", cache: "no-store", redirect: "manual" })
            .then(function (response) { lastRenewal = Date.now(); return response.status === 204; })
            .finally(function () { inFlight = null; });
        return inFlight;
    }

    function onActivity() {
        if (!watcher || Date.now() - lastRenewal < interval) { return; }
        lastRenewal = Date.now();
        renew().then(function (alive) {
            if (watcher) { watcher.invokeMethodAsync(alive ? "Renewed" : "Ended"); }
        }).catch(function () { /* offline: the next activity tries again */ lastRenewal = 0; });
    }

    return {
        start: function (dotNetRef, keepAliveUrl, minIntervalMs) {
            watcher = dotNetRef; url = keepAliveUrl; interval = minIntervalMs; lastRenewal = 0;
            events.forEach(function (name) { document.addEventListener(name, onActivity, { passive: true, capture: true }); });
            // The cookie and the page's clock start together: renew now, as the page opens.
            onActivity();
        },
        stop: function () {
            watcher = null;
            events.forEach(function (name) { document.removeEventListener(name, onActivity, { capture: true }); });
        },
        renew: function () { return renew().catch(function () { return false; }); },
        signOut: function (formId, reason) {
            const form = document.getElementById(formId);
            if (!form) { window.location.href = "Account/Login"; return; }
            form.elements["reason"].value = reason || "";
            form.submit();
        }
    };
})();
