namespace Governance.Workflows.Backups;

/// <summary>
/// An exclusive lock on {data directory}/portal.lock: the running portal holds it for its lifetime, a restore takes it
/// for its own. So a restore never replaces the database under a running portal, and a portal does not start in the
/// middle of a restore. The operating system releases it when the process ends, however it ends.
/// </summary>
public static class DataDirectoryLock
{
    public const string FileName = "portal.lock";

    /// <summary>The held lock (dispose to release), or null when another process or component holds it.</summary>
    public static FileStream? TryAcquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            return new FileStream(Path.Combine(dataDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
