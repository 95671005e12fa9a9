using System.Text;
using Governance.Workflows.PreCheck;

namespace Governance.Tests.Workflows.PreCheck;

public class HtmlTextTests
{
    [Fact]
    public void Convert_BlockTagsEntitiesScripts_PlainText()
    {
        var r = HtmlText.Convert("<div><p>第一段&lt;b&gt;</p><p>第二&amp;段<br>换行</p><script>var a='<p>';</script><style>p{}</style><ul><li>甲</li><li>乙</li></ul></div>");
        Assert.Equal("第一段<b>\n第二&段\n换行\n甲\n乙\n", r.Text);
    }

    [Fact]
    public void Convert_PlainTextWithStrayLessThan_KeptAsText()
    {
        Assert.Equal("a < b, 3<4, x<>y", HtmlText.ToPlainText("a < b, 3<4, x<>y"));
    }

    [Fact]
    public void Convert_AnchorsAndImages_LinksWithTextOffsets()
    {
        var r = HtmlText.Convert("<p>见<a href='https://a.example.com/?x=1&amp;y=2'>甲乙</a>和<img src=b.png alt=\"x\">丙</p>");
        Assert.Equal(2, r.Links.Count);
        Assert.Equal("https://a.example.com/?x=1&y=2", r.Links[0].Url);
        Assert.Equal("甲乙", r.Text.Substring(r.Links[0].TextStart, r.Links[0].TextLength));
        Assert.Equal("b.png", r.Links[1].Url);
        Assert.Equal(0, r.Links[1].TextLength);
        Assert.Equal('丙', r.Text[r.Links[1].TextStart]);
    }

    [Theory]
    [InlineData("<p>未闭合")]
    [InlineData("<a href=\"http://x.com")]
    [InlineData("<")]
    [InlineData("</")]
    [InlineData("<!--")]
    [InlineData("<script>alert(1)")]
    [InlineData("&#99999999999;&#x;&;&amp")]
    [InlineData("<a href=x <b>c</a")]
    [InlineData("<<<>>>")]
    [InlineData("<p =\"\" / >")]
    public void Convert_MalformedHtml_DoesNotThrow(string html)
    {
        var r = HtmlText.Convert(html);
        // What comes out is text: no tag survives, and the engine reports offsets into that same text.
        Assert.DoesNotMatch("<[a-zA-Z/][^<>]*>", r.Text);
        var check = PreCheckTestData.Check(html);
        Assert.Equal(r.Text, check.Text);
        PreCheckTestData.AssertOffsets(check);
    }

    [Fact]
    public void Convert_HugeInput_LinearAndNoThrow()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 50_000; i++) sb.Append("<p class=\"a\">段落&nbsp;").Append(i).Append("<a href=\"/x\">链接</a></p><");
        var html = sb.ToString();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var r = PreCheckTestData.Engine.Check(new PreCheckInput("t", html), PreCheckRuleSet.Default);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), sw.Elapsed.ToString());
        Assert.Contains("段落\u00a049999链接", r.Text);
    }
}

public class PreCheckSuggestionsTests
{
    [Fact]
    public void ApplySuggestion_IncorrectTerm_ReplacedInText()
    {
        var r = PreCheckTestData.Check("<p>北朝鲜与南朝鲜</p>");
        var text = r.Text;
        foreach (var hit in r.Hits.OrderByDescending(h => h.Start)) text = PreCheckSuggestions.ApplySuggestion(text, hit);
        Assert.Equal("朝鲜与韩国\n", text);
    }

    [Fact]
    public void ApplySuggestion_Mobile_Masked()
    {
        var r = PreCheckTestData.Check("电话13812345678。");
        Assert.Equal("电话138****5678。", PreCheckSuggestions.ApplySuggestion(r.Text, r.Hits[0]));
    }

    [Fact]
    public void ApplySuggestionToHtml_SkipsAttributeValues()
    {
        var html = "<p title=\"香港政府\">香港政府公告</p>";
        var r = PreCheckTestData.Check(html);
        var result = PreCheckSuggestions.ApplySuggestionToHtml(html, Assert.Single(r.Hits));
        Assert.Equal("<p title=\"香港政府\">香港特别行政区政府公告</p>", result);
    }

    [Fact]
    public void ApplySuggestion_FormHit_Unchanged()
    {
        var hit = new PreCheckHit(PreCheckRules.InterpretationMissing, PreCheckSeverity.Block, PreCheckFields.Form, 0, 0, "", "m");
        Assert.Equal("abc", PreCheckSuggestions.ApplySuggestion("abc", hit));
    }
}

public class AhoCorasickTests
{
    [Fact]
    public void FindAll_MatchesNaiveSearch_OnRandomInput()
    {
        var rng = new Random(7);
        const string alphabet = "abcd甲乙";
        var patterns = Enumerable.Range(0, 200).Select(_ => new string(Enumerable.Range(0, rng.Next(1, 6)).Select(_ => alphabet[rng.Next(alphabet.Length)]).ToArray())).Distinct().ToArray();
        var text = new string(Enumerable.Range(0, 5000).Select(_ => alphabet[rng.Next(alphabet.Length)]).Concat("xyz").ToArray());
        var ac = new AhoCorasick(patterns);
        var found = new List<AhoCorasickMatch>();
        ac.FindAll(text, found);
        var expected = new List<(int, int)>();
        for (int p = 0; p < patterns.Length; p++)
        {
            for (int i = text.IndexOf(patterns[p], StringComparison.Ordinal); i >= 0; i = text.IndexOf(patterns[p], i + 1, StringComparison.Ordinal))
            {
                expected.Add((i, p));
            }
        }
        Assert.Equal(expected.Order(), found.Select(m => (m.Start, m.Pattern)).Order());
        Assert.Equal(expected.Count, ac.CountMatches(text));
    }
}

public class PreCheckSuggestionsTitleTests
{
    [Fact]
    public void ApplySuggestionToHtml_TitleHit_BodyUnchanged()
    {
        var r = PreCheckTestData.Check("<p>南朝鲜</p>", title: "南朝鲜");
        var titleHit = Assert.Single(r.Hits, h => h.Field == PreCheckFields.Title);
        Assert.Equal("<p>南朝鲜</p>", PreCheckSuggestions.ApplySuggestionToHtml("<p>南朝鲜</p>", titleHit));
        Assert.Equal("韩国", PreCheckSuggestions.ApplySuggestion(r.Title, titleHit));
    }
}
