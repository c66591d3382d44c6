namespace Trading.App.Data;

/// <summary>One migration shipped with the app: migrations/NNNN_name.up.sql.</summary>
public sealed record AppMigration(int Version, string Name, string UpPath)
{
    /// <summary>The file as it sits in the app's output, e.g. migrations/0002_add_order_client_id.up.sql.</summary>
    public string RelativePath => $"{MigrationCatalog.DirectoryName}/{Path.GetFileName(UpPath)}";
}
