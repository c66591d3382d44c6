namespace Pipeline.Core.State;

/// <summary>
/// One environment's state: releases, backups, configuration snapshots, deployment history, the audit
/// journal and the deploy lock, as objects under '/'-separated keys (e.g. "audit/00000042.json").
/// A local directory in development; an S3 bucket can implement the same contract.
/// </summary>
public interface IStateStore
{
    /// <summary>A human-readable location, for messages (a directory, s3://bucket/prefix).</summary>
    string Location { get; }

    bool Exists(string key);

    /// <summary>The object's bytes, or null when there is none.</summary>
    byte[]? Read(string key);

    /// <summary>Writes the object whole (readers never see part of it), replacing any existing one.</summary>
    void Write(string key, ReadOnlySpan<byte> content);

    /// <summary>Writes the object only if no object has the key; false when one already exists. Never overwrites.</summary>
    bool TryCreate(string key, ReadOnlySpan<byte> content);

    /// <summary>Copies a local file into the store.</summary>
    void Upload(string key, string localFile);

    /// <summary>Copies an object to a local file; false when there is none.</summary>
    bool Download(string key, string localFile);

    /// <summary>Keys under <paramref name="prefix"/>, in ordinal order.</summary>
    IReadOnlyList<string> List(string prefix);

    void Delete(string key);
}
