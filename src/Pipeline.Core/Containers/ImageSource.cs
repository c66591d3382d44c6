namespace Pipeline.Core.Containers;

/// <summary>Where an image comes from, for its OCI labels: the full commit, the commit's own time, the repository's address.</summary>
public sealed record ImageSource(string Revision, DateTimeOffset Created, string Url);
