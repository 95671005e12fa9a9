// Small browser helpers called from Blazor through JS interop. Everything loads from this app (no internet).
window.governance = {
    // Renders a Mermaid state diagram into the element with the given id.
    renderDiagram: async function (elementId, text) {
        const el = document.getElementById(elementId);
        if (!el || !window.mermaid) return false;
        if (!window.governance._mermaidReady) {
            window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral',
                fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif' });
            window.governance._mermaidReady = true;
        }
        const id = 'mmd-' + Math.random().toString(36).slice(2);
        try {
            const { svg } = await window.mermaid.render(id, text);
            el.innerHTML = svg;
            return true;
        } catch (e) {
            el.textContent = '流程图渲染失败：' + e;
            return false;
        }
    }
};
