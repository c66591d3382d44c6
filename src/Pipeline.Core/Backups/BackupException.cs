namespace Pipeline.Core.Backups;

/// <summary>A backup that cannot be taken, is missing, or does not verify; nothing was changed.</summary>
public sealed class BackupException(string message, Exception? inner = null) : Exception(message, inner);
