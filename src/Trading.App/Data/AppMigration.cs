namespace Trading.App.Data;

/// <summary>One migration shipped with the app: migrations/NNNN_name.up.sql, or migrations/postgresql/NNNN_name.up.sql.</summary>
public sealed record AppMigration(int Version, string Name, string UpPath, string Directory = MigrationCatalog.DirectoryName)
{
    /// <summary>The file as it sits in the app's output, e.g. migrations/0002_add_order_client_id.up.sql.</summary>
    public string RelativePath => $"{Directory}/{Path.GetFileName(UpPath)}";
}
