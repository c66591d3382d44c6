namespace Pipeline.Core.Databases.MongoDb;

/// <summary>A MongoDB Database Tools run that could not start or did not succeed. The message never carries the connection string.</summary>
public sealed class MongoToolException(string tool, string message) : Exception(message)
{
    /// <summary>"mongodump" or "mongorestore".</summary>
    public string Tool { get; } = tool;
}
