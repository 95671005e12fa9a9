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
        window.governance.labelEditor(quill, el);
        quill.clipboard.dangerouslyPasteHTML(html || '');
        let timer = null;
        quill.on('text-change', () => {
            clearTimeout(timer);
            timer = setTimeout(() => dotnetRef.invokeMethodAsync('OnEditorChanged', quill.root.innerHTML), 300);
        });
        window.governance.editors[elementId] = quill;
        return true;
    },
    // Quill names its controls in English ("bold", "list: ordered") or not at all (the pickers): every control gets a
    // Chinese title (tooltip) and aria-label, and the editable area is a labelled multi-line textbox.
    editorNames: {
        'bold': '加粗', 'italic': '斜体', 'underline': '下划线', 'strike': '删除线', 'link': '链接', 'blockquote': '引用',
        'clean': '清除格式', 'list:ordered': '有序列表', 'list:bullet': '无序列表', 'list:check': '任务列表',
        'indent:-1': '减少缩进', 'indent:+1': '增加缩进', 'image': '图片', 'code-block': '代码块',
        'header': '标题级别', 'header:1': '标题 1', 'header:2': '标题 2', 'header:3': '标题 3', 'header:': '正文',
        'align': '对齐方式', 'align:': '左对齐', 'align:center': '居中', 'align:right': '右对齐', 'align:justify': '两端对齐'
    },
    labelEditor: function (quill, host) {
        const names = window.governance.editorNames;
        const name = (key) => names[key] || null;
        const set = (node, text) => { if (text) { node.setAttribute('title', text); node.setAttribute('aria-label', text); } };
        const toolbar = quill.getModule('toolbar').container;
        toolbar.setAttribute('role', 'toolbar');
        toolbar.setAttribute('aria-label', '正文格式');
        toolbar.querySelectorAll('button').forEach(b => {
            const format = [...b.classList].find(c => c.startsWith('ql-'))?.slice(3);
            set(b, b.value ? name(format + ':' + b.value) : name(format));
        });
        toolbar.querySelectorAll('.ql-picker').forEach(p => {
            const format = [...p.classList].find(c => c.startsWith('ql-') && c !== 'ql-picker' && c !== 'ql-expanded' && c !== 'ql-icon-picker')?.slice(3);
            set(p.querySelector('.ql-picker-label'), name(format));
            p.querySelectorAll('.ql-picker-item').forEach(i => set(i, name(format + ':' + (i.getAttribute('data-value') || ''))));
        });
        const editor = quill.root;
        editor.setAttribute('role', 'textbox');
        editor.setAttribute('aria-multiline', 'true');
        editor.setAttribute('aria-label', '正文');
        // The link tooltip: its input and buttons (their words come from CSS, see app.css).
        const tooltip = host.parentElement?.querySelector('.ql-tooltip') || host.querySelector('.ql-tooltip');
        if (tooltip) {
            const input = tooltip.querySelector('input[type=text]');
            if (input) { input.setAttribute('aria-label', '链接地址'); input.setAttribute('data-link', 'https://www.fufeng.gov.cn/'); }
            set(tooltip.querySelector('a.ql-preview'), '打开链接');
            set(tooltip.querySelector('a.ql-action'), '编辑或保存链接');
            set(tooltip.querySelector('a.ql-remove'), '移除链接');
        }
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
            // Mermaid 12 lays state diagrams out with ELK. Its default node placement (BRANDES_KOEPF) put W2's 「发布」 and
            // 「退回修改」, both leaving 待发布, on top of each other; NETWORK_SIMPLEX keeps every label of W1 and W2 apart
            // (WorkflowDiagramViewTests measures them in Chromium).
            window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral',
                fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
                layout: 'elk', elk: { nodePlacementStrategy: 'NETWORK_SIMPLEX' } });
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
