// Small browser helpers called from Blazor through JS interop. Everything loads from this app (no internet).
window.governance = {
    // Rich-text editor (Quill, bundled in wwwroot/lib). Paste from Word keeps headings, lists, bold and tables' text;
    // the server sanitizes whatever arrives.
    editors: {},
    createEditor: function (elementId, html, dotnetRef) {
        const el = document.getElementById(elementId);
        if (!el || !window.Quill) return false;
        const quill = new window.Quill(el, {
            theme: 'snow',
            placeholder: '请输入正文，可直接从 Word 粘贴…',
            modules: { toolbar: [[{ header: [1, 2, 3, false] }], ['bold', 'italic', 'underline'], [{ list: 'ordered' }, { list: 'bullet' }],
                [{ align: [] }], ['link', 'blockquote'], ['clean']] }
        });
        quill.clipboard.dangerouslyPasteHTML(html || '');
        let timer = null;
        quill.on('text-change', () => {
            clearTimeout(timer);
            timer = setTimeout(() => dotnetRef.invokeMethodAsync('OnEditorChanged', quill.root.innerHTML), 300);
        });
        window.governance.editors[elementId] = quill;
        return true;
    },
    getEditorHtml: function (elementId) {
        const q = window.governance.editors[elementId];
        return q ? q.root.innerHTML : null;
    },
    setEditorHtml: function (elementId, html) {
        const q = window.governance.editors[elementId];
        if (q) q.clipboard.dangerouslyPasteHTML(html || '');
    },
    disposeEditor: function (elementId) { delete window.governance.editors[elementId]; },
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
