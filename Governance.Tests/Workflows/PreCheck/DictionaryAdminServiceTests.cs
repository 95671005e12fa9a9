using System.Text;
using Governance.Data.Entities;
using Governance.Tests.Support;
using Governance.Tests.Support.Drivers;
using Governance.Workflows.PreCheck;
using Microsoft.EntityFrameworkCore;

namespace Governance.Tests.Workflows.PreCheck;

/// <summary>
/// 错敏词库 / 链接白名单 / 核准稿源 maintained by the Admin: seeded from <see cref="PreCheckDefaults"/>, Admin-only, audited,
/// and every change reaches the engine through <see cref="PreCheckRulesProvider"/> without a restart.
/// </summary>
public sealed class DictionaryAdminServiceTests
{
    private static async Task<PreCheckResult> CheckAsync(WorkflowTestHost host, PreCheckInput input) =>
        PreCheckTestData.Engine.Check(input, await host.Get<PreCheckRulesProvider>().GetAsync());

    private static Task<PreCheckResult> CheckBodyAsync(WorkflowTestHost host, string body) => CheckAsync(host, new PreCheckInput("标题", body));

    private static async Task<string> SnapshotAsync(WorkflowTestHost host)
    {
        await using var db = host.NewDbContext();
        var entries = await db.DictionaryEntries.AsNoTracking().OrderBy(e => e.Id)
            .Select(e => e.Id + ":" + e.Term + ":" + e.Kind + ":" + e.Correction + ":" + e.Note + ":" + e.IsEnabled).ToListAsync();
        var hosts = await db.AllowedHosts.AsNoTracking().OrderBy(h => h.Id).Select(h => h.Host).ToListAsync();
        var sources = await db.ApprovedSources.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Name).ToListAsync();
        return string.Join("|", entries) + "#" + string.Join("|", hosts) + "#" + string.Join("|", sources);
    }

    private static async Task<int> AuditCountAsync(WorkflowTestHost host)
    {
        await using var db = host.NewDbContext();
        return await db.AuditEntries.CountAsync();
    }

    private static Stream Utf8(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Seeding_inserts_the_defaults_once_and_is_idempotent()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var before = await SnapshotAsync(host);
        await using (var db = host.NewDbContext())
        {
            // Counted by hand in PreCheckDefaults.cs: 44 incorrect expressions + 14 sensitive words; 8 media hosts; 17 核准稿源.
            Assert.Equal(58, await db.DictionaryEntries.CountAsync());
            Assert.Equal(44, await db.DictionaryEntries.CountAsync(e => e.Kind == DictionaryTermKind.Incorrect));
            Assert.Equal(8, await db.AllowedHosts.CountAsync());
            Assert.Equal(17, await db.ApprovedSources.CountAsync());
            await PreCheckRulesProvider.SeedDefaultsAsync(db, host.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        }
        Assert.Equal(before, await SnapshotAsync(host));

        // A table the Admin has edited is left alone: only an empty one gets the defaults.
        var admin = await host.ActorAsync("admin");
        var service = host.Get<DictionaryAdminService>();
        var sourceId = (await service.ListSourcesAsync(admin)).Items.First().Id;
        Assert.Null(await service.RemoveSourceAsync(admin, sourceId));
        await using (var db = host.NewDbContext())
        {
            await db.AllowedHosts.ExecuteDeleteAsync();
            await PreCheckRulesProvider.SeedDefaultsAsync(db, host.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
            Assert.Equal(16, await db.ApprovedSources.CountAsync());
            Assert.Equal(8, await db.AllowedHosts.CountAsync());
        }
    }

    [Fact]
    public async Task Default_rules_from_the_database_match_the_built_in_defaults()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var rules = await host.Get<PreCheckRulesProvider>().GetAsync();
        Assert.Equal(58, rules.Terms.Count);
        Assert.Equal(PreCheckRuleSet.Default.AllowedHosts, rules.AllowedHosts);
        Assert.True(rules.IsApprovedSource("新华社"));
        Assert.Same(rules, await host.Get<PreCheckRulesProvider>().GetAsync());
    }

    [Fact]
    public async Task Non_admin_is_refused_and_nothing_changes()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var service = host.Get<DictionaryAdminService>();
        var editor = await host.ActorAsync("editor");
        var admin = await host.ActorAsync("admin");
        var entryId = (await service.ListAsync(admin)).Items.First().Id;
        var hostId = (await service.ListHostsAsync(admin)).Items.First().Id;
        var sourceId = (await service.ListSourcesAsync(admin)).Items.First().Id;
        var before = await SnapshotAsync(host);
        var audits = await AuditCountAsync(host);

        Assert.Equal(DictionaryAdminService.NotAdmin, (await service.ListAsync(editor)).Error);
        Assert.Empty((await service.ListAsync(editor)).Items);
        Assert.Equal(DictionaryAdminService.NotAdmin, await service.SaveAsync(editor, null, new("违禁词甲", DictionaryTermKind.Sensitive, null, null)));
        Assert.Equal(DictionaryAdminService.NotAdmin, await service.SaveAsync(editor, entryId, new("违禁词甲", DictionaryTermKind.Sensitive, null, null)));
        Assert.Equal(DictionaryAdminService.NotAdmin, await service.SetEnabledAsync(editor, entryId, false));
        Assert.Equal(DictionaryAdminService.NotAdmin, await service.DeleteAsync(editor, entryId));
        Assert.Equal(DictionaryAdminService.NotAdmin, (await service.ImportAsync(editor, Utf8("违禁词甲\n"), "a.txt")).Error);
        Assert.Equal(DictionaryAdminService.NotAdmin, (await service.ExportAsync(editor, DictionaryFileFormat.Csv)).Error);
        Assert.Equal(DictionaryAdminService.NotAdmin, (await service.ListHostsAsync(editor)).Error);
        Assert.Equal(DictionaryAdminService.NotAdmin, await service.AddHostAsync(editor, "example.com", null));
        Assert.Equal(DictionaryAdminService.NotAdmin, await service.RemoveHostAsync(editor, hostId));
        Assert.Equal(DictionaryAdminService.NotAdmin, (await service.ListSourcesAsync(editor)).Error);
        Assert.Equal(DictionaryAdminService.NotAdmin, await service.AddSourceAsync(editor, "某某报"));
        Assert.Equal(DictionaryAdminService.NotAdmin, await service.RemoveSourceAsync(editor, sourceId));

        Assert.Equal(before, await SnapshotAsync(host));
        Assert.Equal(audits, await AuditCountAsync(host));
    }

    [Fact]
    public async Task Added_sensitive_term_is_flagged_at_once_and_no_longer_when_disabled_or_deleted()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var service = host.Get<DictionaryAdminService>();
        var admin = await host.ActorAsync("admin");
        const string body = "<p>本站严禁出现违禁词甲相关内容。</p>";
        Assert.DoesNotContain((await CheckBodyAsync(host, body)).Hits, h => h.Rule == PreCheckRules.WordSensitive);
        var audits = await AuditCountAsync(host);

        Assert.Null(await service.SaveAsync(admin, null, new(" 违禁词甲 ", DictionaryTermKind.Sensitive, "忽略", "测试")));

        var result = await CheckBodyAsync(host, body);
        var hit = Assert.Single(result.Hits, h => h.Rule == PreCheckRules.WordSensitive);
        Assert.Equal("违禁词甲", hit.Match);
        Assert.True(result.Blocking);
        Assert.Equal(audits + 1, await AuditCountAsync(host));

        var entry = (await service.ListAsync(admin, search: "违禁词甲")).Items.Single();
        Assert.Null(entry.Correction); // a sensitive word has no correction
        Assert.Null(await service.SetEnabledAsync(admin, entry.Id, false));
        Assert.DoesNotContain((await CheckBodyAsync(host, body)).Hits, h => h.Rule == PreCheckRules.WordSensitive);

        Assert.Null(await service.SetEnabledAsync(admin, entry.Id, true));
        Assert.Contains((await CheckBodyAsync(host, body)).Hits, h => h.Rule == PreCheckRules.WordSensitive);

        Assert.Null(await service.DeleteAsync(admin, entry.Id));
        Assert.DoesNotContain((await CheckBodyAsync(host, body)).Hits, h => h.Rule == PreCheckRules.WordSensitive);
        Assert.Empty((await service.ListAsync(admin, search: "违禁词甲")).Items);
    }

    [Fact]
    public async Task Editing_a_term_into_an_incorrect_expression_suggests_the_correction()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var service = host.Get<DictionaryAdminService>();
        var admin = await host.ActorAsync("admin");
        Assert.Null(await service.SaveAsync(admin, null, new("扶风县政府办", DictionaryTermKind.Sensitive, null, null)));
        var id = (await service.ListAsync(admin, search: "扶风县政府办")).Items.Single().Id;

        Assert.Null(await service.SaveAsync(admin, id, new("扶风县政府办", DictionaryTermKind.Incorrect, "扶风县人民政府办公室", null)));

        var hits = (await CheckBodyAsync(host, "扶风县政府办发布通知")).Hits;
        var hit = Assert.Single(hits, h => h.Match == "扶风县政府办");
        Assert.Equal((PreCheckRules.WordIncorrect, "扶风县人民政府办公室"), (hit.Rule, hit.Suggestion));
        Assert.DoesNotContain(hits, h => h.Rule == PreCheckRules.WordSensitive);
    }

    [Fact]
    public async Task Invalid_entries_are_refused()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var service = host.Get<DictionaryAdminService>();
        var admin = await host.ActorAsync("admin");
        var before = await SnapshotAsync(host);

        Assert.Equal("错误表述须填写正确表述。", await service.SaveAsync(admin, null, new("某错误说法", DictionaryTermKind.Incorrect, "  ", null)));
        Assert.Equal("请填写词条。", await service.SaveAsync(admin, null, new("  ", DictionaryTermKind.Sensitive, null, null)));
        Assert.NotNull(await service.SaveAsync(admin, null, new(new string('词', 101), DictionaryTermKind.Sensitive, null, null)));
        Assert.NotNull(await service.SaveAsync(admin, null, new("同词", DictionaryTermKind.Incorrect, "同词", null)));
        // Duplicates, also after full-width/case folding as the engine matches them.
        Assert.Equal("词条“台独”已存在。", await service.SaveAsync(admin, null, new("台独", DictionaryTermKind.Sensitive, null, null)));
        Assert.Null(await service.SaveAsync(admin, null, new("ABC公司", DictionaryTermKind.Sensitive, null, null)));
        Assert.NotNull(await service.SaveAsync(admin, null, new("ａｂｃ公司", DictionaryTermKind.Sensitive, null, null)));
        Assert.Equal("词条不存在，可能已被删除。", await service.SetEnabledAsync(admin, 999_999, false));

        await using var db = host.NewDbContext();
        Assert.Equal(PreCheckDefaults.Terms.Select(t => t.Term).Distinct().Count() + 1, await db.DictionaryEntries.CountAsync());
    }

    [Theory]
    [InlineData("words.txt", "违禁词甲\n违禁词乙=>\n违禁词丙\n旧说法丁=>新说法丁\n", 2)]
    [InlineData("words.csv", "词条,类型,正确表述,备注\n违禁词甲,敏感,,\n违禁词乙,错误,,缺正确表述\n违禁词丙,敏感,,\n旧说法丁,错误,新说法丁,备注丁\n", 3)]
    public async Task Import_adds_the_valid_lines_and_reports_the_bad_one(string fileName, string content, int badLine)
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var service = host.Get<DictionaryAdminService>();
        var admin = await host.ActorAsync("admin");

        var summary = await service.ImportAsync(admin, Utf8(content), fileName);

        Assert.Null(summary.Error);
        Assert.Equal(3, summary.Added);
        Assert.Equal(0, summary.Updated);
        var error = Assert.Single(summary.LineErrors);
        Assert.StartsWith($"第{badLine}行", error);
        Assert.Contains("违禁词乙", error);
        var result = await CheckBodyAsync(host, "违禁词甲、违禁词乙、违禁词丙和旧说法丁。");
        Assert.Equal(["违禁词甲", "违禁词丙"], result.Hits.Where(h => h.Rule == PreCheckRules.WordSensitive).Select(h => h.Match));
        Assert.Equal("新说法丁", Assert.Single(result.Hits, h => h.Rule == PreCheckRules.WordIncorrect).Suggestion);

        // Importing the same file again changes nothing; a changed line updates the entry.
        var again = await service.ImportAsync(admin, Utf8(content), fileName);
        Assert.Equal((0, 0, 3), (again.Added, again.Updated, again.Skipped));
        var changed = await service.ImportAsync(admin, Utf8("旧说法丁=>更新说法丁\n"), "fix.txt");
        Assert.Equal((0, 1, 0), (changed.Added, changed.Updated, changed.Skipped));
        Assert.Equal("更新说法丁", Assert.Single((await CheckBodyAsync(host, "旧说法丁")).Hits, h => h.Rule == PreCheckRules.WordIncorrect).Suggestion);
    }

    [Fact]
    public async Task Import_of_an_xlsx_export_round_trips()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var service = host.Get<DictionaryAdminService>();
        var admin = await host.ActorAsync("admin");
        var csv = await service.ExportAsync(admin, DictionaryFileFormat.Csv);
        Assert.Equal(DictionaryAdminService.CsvContentType, csv.ContentType);
        Assert.EndsWith(".csv", csv.FileName);
        Assert.Contains("台湾地区领导人", Encoding.UTF8.GetString(csv.Content));
        var xlsx = await service.ExportAsync(admin, DictionaryFileFormat.Xlsx);
        Assert.Equal(DictionaryAdminService.XlsxContentType, xlsx.ContentType);

        var summary = await service.ImportAsync(admin, new MemoryStream(xlsx.Content), xlsx.FileName);

        Assert.Null(summary.Error);
        Assert.Equal((0, 0), (summary.Added, summary.Updated));
        Assert.Equal(PreCheckDefaults.Terms.Select(t => t.Term).Distinct().Count(), summary.Skipped);
        Assert.Empty(summary.LineErrors);
    }

    [Theory]
    [InlineData("words.txt")]
    [InlineData("words.xlsx")]
    [InlineData("words.exe")]
    public async Task Unrecognized_file_changes_nothing(string fileName)
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var service = host.Get<DictionaryAdminService>();
        var admin = await host.ActorAsync("admin");
        var before = await SnapshotAsync(host);
        var audits = await AuditCountAsync(host);
        var rules = await host.Get<PreCheckRulesProvider>().GetAsync();
        byte[] garbage = fileName.EndsWith(".xlsx") ? [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 0, 0, 9] : [0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00, 0x41];

        var summary = await service.ImportAsync(admin, new MemoryStream(garbage), fileName);

        Assert.NotNull(summary.Error);
        Assert.Equal((0, 0, 0), (summary.Added, summary.Updated, summary.Skipped));
        Assert.Equal(before, await SnapshotAsync(host));
        Assert.Equal(audits, await AuditCountAsync(host));
        Assert.Same(rules, await host.Get<PreCheckRulesProvider>().GetAsync());
    }

    [Fact]
    public async Task Added_host_is_no_longer_blocked_and_removed_host_is_again()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var service = host.Get<DictionaryAdminService>();
        var admin = await host.ActorAsync("admin");
        const string body = "<p>详见<a href=\"https://data.example-museum.org/list?id=3\">博物馆数据</a>。</p>";
        Assert.Contains((await CheckBodyAsync(host, body)).Hits, h => h.Rule == PreCheckRules.LinkNotAllowed);

        Assert.Null(await service.AddHostAsync(admin, "HTTPS://Example-Museum.org/about/index.html", "县博物馆合作单位"));

        var row = Assert.Single((await service.ListHostsAsync(admin)).Items, h => h.Host == "example-museum.org");
        Assert.Equal("县博物馆合作单位", row.Note);
        Assert.DoesNotContain((await CheckBodyAsync(host, body)).Hits, h => h.Rule == PreCheckRules.LinkNotAllowed);
        Assert.Equal("域名“example-museum.org”已在白名单中。", await service.AddHostAsync(admin, "*.example-museum.org", null));

        Assert.Null(await service.RemoveHostAsync(admin, row.Id));
        Assert.Contains((await CheckBodyAsync(host, body)).Hits, h => h.Rule == PreCheckRules.LinkNotAllowed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a host")]
    [InlineData("localhost")]
    [InlineData("exa_mple.org")]
    [InlineData("-bad.org")]
    [InlineData("192.168.1.10")]
    [InlineData("www.fufeng.gov.cn")]
    [InlineData("mailto:someone@example.org")]
    public async Task Malformed_or_needless_hosts_are_refused(string input)
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var admin = await host.ActorAsync("admin");
        Assert.NotNull(await host.Get<DictionaryAdminService>().AddHostAsync(admin, input, null));
    }

    [Theory]
    [InlineData("www.Example.ORG", "www.example.org")]
    [InlineData("*.example.org", "example.org")]
    [InlineData("http://example.org:8080/a?b#c", "example.org")]
    [InlineData("例子.中国", "例子.中国")]
    [InlineData("xn--fsqu00a.xn--fiqs8s", "例子.中国")]
    public void Host_is_normalized(string input, string expected)
    {
        var (normalized, error) = DictionaryAdminService.NormalizeHost(input);
        Assert.Null(error);
        Assert.Equal(expected, normalized);
    }

    [Fact]
    public async Task Added_source_allows_the_reprint_and_removed_one_blocks_it()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var service = host.Get<DictionaryAdminService>();
        var admin = await host.ActorAsync("admin");
        var reprint = new PreCheckInput("转载标题", "转载正文", Origin: "转载", SourceOrg: "宝鸡市教育局");
        Assert.Contains((await CheckAsync(host, reprint)).Hits, h => h.Rule == PreCheckRules.ReprintSourceNotApproved);

        Assert.Null(await service.AddSourceAsync(admin, " 宝鸡市教育局 "));

        Assert.DoesNotContain((await CheckAsync(host, reprint)).Hits, h => h.Rule == PreCheckRules.ReprintSourceNotApproved);
        Assert.NotNull(await service.AddSourceAsync(admin, "宝鸡市 教育局"));
        Assert.Equal("请填写稿源单位名称。", await service.AddSourceAsync(admin, " "));

        var row = Assert.Single((await service.ListSourcesAsync(admin)).Items, s => s.Name == "宝鸡市教育局");
        Assert.Null(await service.RemoveSourceAsync(admin, row.Id));
        Assert.Contains((await CheckAsync(host, reprint)).Hits, h => h.Rule == PreCheckRules.ReprintSourceNotApproved);
    }

    [Fact]
    public async Task Changes_are_audited()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var service = host.Get<DictionaryAdminService>();
        var admin = await host.ActorAsync("admin");

        Assert.Null(await service.SaveAsync(admin, null, new("违禁词戊", DictionaryTermKind.Sensitive, null, null)));
        Assert.Null(await service.AddHostAsync(admin, "example.net", null));
        Assert.Null(await service.AddSourceAsync(admin, "某某日报"));
        await service.ImportAsync(admin, Utf8("违禁词己\n"), "x.txt");

        await using var db = host.NewDbContext();
        var kinds = await db.AuditEntries.OrderByDescending(a => a.Id).Take(4).Select(a => a.Kind).ToListAsync();
        Assert.Equal(["dictionary.import", "approved_source.add", "allowed_host.add", "dictionary.add"], kinds);
        Assert.True((await host.Get<Governance.Workflows.Audit.AuditLog>().VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Seeded_taidu_carries_its_exception_contexts_to_the_engine()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var admin = await host.ActorAsync("admin");
        var entry = (await host.Get<DictionaryAdminService>().ListAsync(admin, search: "台独")).Items.Single(e => e.Term == "台独");
        Assert.Equal("平台独立\n平台独家\n平台独有\n平台独特\n舞台独唱\n舞台独白", entry.ExceptionContexts);
        Assert.DoesNotContain((await CheckBodyAsync(host, "<p>推动平台独立运营。</p>")).Hits, h => h.Rule == PreCheckRules.WordSensitive);
        Assert.Contains((await CheckBodyAsync(host, "<p>反对台独。</p>")).Hits, h => h.Rule == PreCheckRules.WordSensitive);
    }

    [Fact]
    public async Task Saved_exception_contexts_are_stored_listed_and_applied_at_once()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var service = host.Get<DictionaryAdminService>();
        var admin = await host.ActorAsync("admin");
        Assert.Contains((await CheckBodyAsync(host, "<p>保护个人隐私彩页</p>")).Hits, h => h.Rule == PreCheckRules.WordSensitive);

        var id = (await service.ListAsync(admin, search: "私彩")).Items.Single(e => e.Term == "私彩").Id;
        Assert.Null(await service.SaveAsync(admin, id, new("私彩", DictionaryTermKind.Sensitive, null, "占位", true, " 隐私彩 ｜隐私彩\n\n公私彩绘 ")));

        var entry = (await service.ListAsync(admin, search: "公私彩绘")).Items.Single();
        Assert.Equal("隐私彩\n公私彩绘", entry.ExceptionContexts);
        Assert.DoesNotContain((await CheckBodyAsync(host, "<p>保护个人隐私彩页</p>")).Hits, h => h.Rule == PreCheckRules.WordSensitive);
        Assert.Contains((await CheckBodyAsync(host, "<p>购买私彩</p>")).Hits, h => h.Rule == PreCheckRules.WordSensitive);
        await using (var db = host.NewDbContext())
        {
            var detail = await db.AuditEntries.OrderByDescending(a => a.Id).Select(a => a.Detail).FirstAsync();
            Assert.Equal("修改敏感词“私彩”，例外语境“隐私彩｜公私彩绘”", detail);
        }

        // Clearing the field removes them.
        Assert.Null(await service.SaveAsync(admin, id, new("私彩", DictionaryTermKind.Sensitive, null, "占位", true, "  ")));
        Assert.Null((await service.ListAsync(admin, search: "私彩")).Items.Single(e => e.Term == "私彩").ExceptionContexts);
        Assert.Contains((await CheckBodyAsync(host, "<p>保护个人隐私彩页</p>")).Hits, h => h.Rule == PreCheckRules.WordSensitive);
    }

    [Fact]
    public async Task A_context_without_the_term_is_refused_and_nothing_changes()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var service = host.Get<DictionaryAdminService>();
        var admin = await host.ActorAsync("admin");
        var before = await SnapshotAsync(host);
        var contextsBefore = await ContextsAsync(host);

        Assert.Equal("例外语境“独立自主”不含词条“违禁词庚”，每个例外语境须包含词条本身。",
            await service.SaveAsync(admin, null, new("违禁词庚", DictionaryTermKind.Sensitive, null, null, true, "违禁词庚甲\n独立自主")));
        Assert.Equal("例外语境“违禁词庚”与词条相同，须比词条多出前后文字。",
            await service.SaveAsync(admin, null, new("违禁词庚", DictionaryTermKind.Sensitive, null, null, true, "违禁词庚")));
        Assert.Equal($"例外语境“{new string('长', 48)}违禁词庚”过长（不超过 50 字）。",
            await service.SaveAsync(admin, null, new("违禁词庚", DictionaryTermKind.Sensitive, null, null, true, new string('长', 48) + "违禁词庚")));

        Assert.Equal(before, await SnapshotAsync(host));
        Assert.Equal(contextsBefore, await ContextsAsync(host));
    }

    private static async Task<string> ContextsAsync(WorkflowTestHost host)
    {
        await using var db = host.NewDbContext();
        return string.Join("|", await db.DictionaryEntries.AsNoTracking().OrderBy(e => e.Id).Select(e => e.Id + ":" + e.ExceptionContexts).ToListAsync());
    }

    [Fact]
    public async Task Import_and_export_carry_the_exception_contexts()
    {
        await using var host = await WorkflowTestHost.CreateAsync();
        var service = host.Get<DictionaryAdminService>();
        var admin = await host.ActorAsync("admin");

        var csv = "词条,类型,正确表述,备注,例外语境\n违禁词辛,敏感,,,违禁词辛勤｜小违禁词辛\n台独,敏感,,占位示例，敏感词库由管理员维护,平台独立\n港独,敏感,,,独资\n";
        var summary = await service.ImportAsync(admin, Utf8(csv), "例外.csv");
        Assert.Null(summary.Error);
        Assert.Equal((1, 1, 0), (summary.Added, summary.Updated, summary.Skipped));
        Assert.Equal(["第4行：例外语境“独资”不含词条“港独”，每个例外语境须包含词条本身"], summary.LineErrors);
        var all = (await service.ListAsync(admin, pageSize: 200)).Items;
        Assert.Equal("违禁词辛勤\n小违禁词辛", all.Single(e => e.Term == "违禁词辛").ExceptionContexts);
        Assert.Equal("平台独立", all.Single(e => e.Term == "台独").ExceptionContexts);
        Assert.Equal("港独资\n港独特\n港独有", all.Single(e => e.Term == "港独").ExceptionContexts); // bad line: unchanged
        Assert.DoesNotContain((await CheckBodyAsync(host, "<p>他工作违禁词辛勤</p>")).Hits, h => h.Rule == PreCheckRules.WordSensitive);
        Assert.Contains((await CheckBodyAsync(host, "<p>平台独家</p>")).Hits, h => h.Rule == PreCheckRules.WordSensitive);

        // A TXT file (no 例外语境 column) keeps the stored contexts; the same CSV again changes nothing.
        var txt = await service.ImportAsync(admin, Utf8("违禁词辛\n"), "x.txt");
        Assert.Equal((0, 0, 1), (txt.Added, txt.Updated, txt.Skipped));
        Assert.Equal("违禁词辛勤\n小违禁词辛", (await service.ListAsync(admin, search: "违禁词辛勤")).Items.Single().ExceptionContexts);

        // Export → import round trip.
        var export = await service.ExportAsync(admin, DictionaryFileFormat.Csv);
        Assert.Null(export.Error);
        var text = Encoding.UTF8.GetString(export.Content);
        Assert.Contains("违禁词辛,敏感,,,违禁词辛勤｜小违禁词辛\r\n", text);
        Assert.Contains("台独,敏感,,占位示例，敏感词库由管理员维护,平台独立\r\n", text);
        var xlsx = await service.ExportAsync(admin, DictionaryFileFormat.Xlsx);
        var before = await SnapshotAsync(host);
        var contexts = await ContextsAsync(host);
        var again = await service.ImportAsync(admin, new MemoryStream(xlsx.Content), "导出.xlsx");
        Assert.Equal(0, again.Added + again.Updated);
        Assert.Empty(again.LineErrors);
        again = await service.ImportAsync(admin, new MemoryStream(export.Content), "导出.csv");
        Assert.Equal(0, again.Added + again.Updated);
        Assert.Equal(before, await SnapshotAsync(host));
        Assert.Equal(contexts, await ContextsAsync(host));
    }
}
