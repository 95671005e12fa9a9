using System.Net;
using System.Text;
using Governance.Workflows.Calendar;
using MimeKit;
using MimeKit.Text;

namespace Governance.Workflows.Mail;

/// <summary>
/// The e-mails in Chinese: UTF-8 text and HTML parts, the subject RFC 2047-encoded in UTF-8 (MimeKit), so that Chinese
/// subjects render in every client. A notification's mail carries its title, its text and the absolute link to the item.
/// </summary>
public static class MailComposer
{
    public const string Footer = "此邮件由扶风县政府网站管理工作流门户自动发送，请勿直接回复。本消息也可在门户的“消息通知”中查看。";

    /// <summary>The e-mail of one notification; its Message-ID is the outbox row's, so a resend after a crash is one message.</summary>
    public static MimeMessage ForNotification(MailSettings settings, long outboxId, string toName, string toAddress, string title,
        string? body, string? link, DateTimeOffset now)
    {
        var url = settings.AbsoluteLink(link ?? "/notifications");
        var text = new StringBuilder();
        text.Append(toName).Append("，您好：\n\n").Append(title).Append('\n');
        if (!string.IsNullOrWhiteSpace(body)) text.Append('\n').Append(body.Trim()).Append('\n');
        if (url is not null) text.Append("\n请登录门户查看：").Append(url).Append('\n');
        text.Append("\n—— ").Append(settings.FromName).Append('\n').Append(Footer).Append('\n');

        var html = new StringBuilder();
        html.Append("<p>").Append(Html(toName)).Append("，您好：</p><p><strong>").Append(Html(title)).Append("</strong></p>");
        if (!string.IsNullOrWhiteSpace(body)) html.Append("<p>").Append(Html(body.Trim()).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        if (url is not null) html.Append("<p>请登录门户查看：<a href=\"").Append(Html(url)).Append("\">").Append(Html(url)).Append("</a></p>");
        html.Append("<p style=\"color:#666;font-size:12px\">—— ").Append(Html(settings.FromName)).Append("<br>").Append(Html(Footer)).Append("</p>");

        // A subject is one line, whatever the title held.
        var subject = MailSettings.SubjectPrefix + string.Join(' ', title.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        var message = New(settings, toName, toAddress, subject, text.ToString(), html.ToString(), now);
        message.MessageId = $"notification-{outboxId}@{Domain(settings.FromAddress)}";
        return message;
    }

    /// <summary>The test mail of the settings page.</summary>
    public static MimeMessage Test(MailSettings settings, string toName, string toAddress, DateTimeOffset now)
    {
        var when = ChinaTime.Format(now.UtcDateTime);
        var text = $"{toName}，您好：\n\n这是一封测试邮件，于 {when} 从门户的“邮件通知”设置页发出。收到即说明邮件服务器设置正确。\n"
                   + (settings.AbsoluteLink("/") is { } url ? $"\n门户地址：{url}\n" : "")
                   + $"\n—— {settings.FromName}\n{Footer}\n";
        var html = $"<p>{Html(toName)}，您好：</p><p>这是一封测试邮件，于 {Html(when)} 从门户的“邮件通知”设置页发出。收到即说明邮件服务器设置正确。</p>"
                   + (settings.AbsoluteLink("/") is { } u ? $"<p>门户地址：<a href=\"{Html(u)}\">{Html(u)}</a></p>" : "")
                   + $"<p style=\"color:#666;font-size:12px\">—— {Html(settings.FromName)}<br>{Html(Footer)}</p>";
        return New(settings, toName, toAddress, MailSettings.SubjectPrefix + "测试邮件", text, html, now);
    }

    private static MimeMessage New(MailSettings settings, string toName, string toAddress, string subject, string text, string html,
        DateTimeOffset now)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(Encoding.UTF8, settings.FromName, settings.FromAddress ?? throw new InvalidOperationException("发件人地址未设置。")));
        message.To.Add(new MailboxAddress(Encoding.UTF8, toName, toAddress));
        message.Subject = subject;
        message.Date = now;
        // RFC 3834: an automatic message (no out-of-office replies to it).
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var plain = new TextPart(TextFormat.Plain);
        plain.SetText(Encoding.UTF8, text);
        var rich = new TextPart(TextFormat.Html);
        rich.SetText(Encoding.UTF8, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" + html + "</body></html>");
        message.Body = new MultipartAlternative { plain, rich };
        return message;
    }

    private static string Domain(string? address) =>
        address is not null && address.LastIndexOf('@') is var at and > 0 ? address[(at + 1)..] : "localhost";

    private static string Html(string s) => WebUtility.HtmlEncode(s);
}
