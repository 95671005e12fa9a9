namespace Governance.Workflows.Settings;

/// <summary>
/// Sign-in session rules Admin can change (第15条 安全防护: an unattended workstation must not stay signed in).
/// </summary>
public static class SessionSettings
{
    /// <summary>Minutes without any input after which the user is signed out.</summary>
    public const string IdleTimeoutKey = "Security.IdleTimeoutMinutes";
    public const int DefaultIdleMinutes = 30;
    public const int MinIdleMinutes = 5;
    public const int MaxIdleMinutes = 480;

    public static async Task<TimeSpan> IdleTimeoutAsync(this SettingsService settings, CancellationToken ct = default)
    {
        var minutes = await settings.GetIntAsync(IdleTimeoutKey, DefaultIdleMinutes, ct);
        // A value outside the range can only come from an edit outside the settings page: fall back to the default.
        return TimeSpan.FromMinutes(minutes is < MinIdleMinutes or > MaxIdleMinutes ? DefaultIdleMinutes : minutes);
    }
}
