// Idle sign-out (setting 空闲自动退出, default 30 minutes). Input in any tab of the portal counts (shared through
// localStorage). While the user is active, once a minute: the sign-in cookie is renewed (POST /account/keepalive) and the
// circuit hears of it (SessionGuard.ReportActivity, which the server's once-a-minute check reads). After the idle time
// without input: sign out and go to the sign-in page. Server pushes (live lists, the bell) are not activity.
window.governanceSession = (() => {
    const key = 'gov.lastActivity';
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove', 'scroll'];
    let dotnet = null, idleMs = 0, timer = null, lastInput = 0, lastReport = 0, signingOut = false;

    const shared = () => {
        try { return Number(localStorage.getItem(key)) || 0; } catch { return 0; }
    };
    const onInput = () => {
        const now = Date.now();
        if (now - lastInput < 1000) return;
        lastInput = now;
        try { if (now - shared() > 5000) localStorage.setItem(key, String(now)); } catch { /* private mode */ }
    };
    const signOut = async () => {
        if (signingOut) return;
        signingOut = true;
        stop();
        try { await fetch('/account/logout', { method: 'POST', credentials: 'same-origin' }); } catch { /* the cookie expires anyway */ }
        location.replace('/account/login?reason=idle&returnUrl=' + encodeURIComponent(location.pathname + location.search));
    };
    const tick = () => {
        const now = Date.now();
        const last = Math.max(lastInput, shared());
        if (now - last >= idleMs) { signOut(); return; }
        if (last > lastReport && now - lastReport >= 60000) {
            lastReport = now;
            fetch('/account/keepalive', { method: 'POST', credentials: 'same-origin' }).catch(() => { });
            if (dotnet) dotnet.invokeMethodAsync('ReportActivity').catch(() => { });
        }
    };
    function stop() {
        if (timer) clearInterval(timer);
        timer = null;
        events.forEach(e => window.removeEventListener(e, onInput, { capture: true }));
    }
    return {
        start(dotnetRef, minutes) {
            stop();
            dotnet = dotnetRef;
            idleMs = minutes * 60000;
            signingOut = false;
            lastInput = lastReport = Date.now(); // loading the page was the last input
            events.forEach(e => window.addEventListener(e, onInput, { capture: true, passive: true }));
            timer = setInterval(tick, 15000);
        },
        stop() {
            stop();
            dotnet = null;
        },
    };
})();
