namespace Pipeline.Core.Databases.Reconciliation;

/// <summary>
/// The rows a database rollback took out of the live database: everything written since the restored backup's
/// high-water marks, saved before the restore, to be re-applied by hand (README, Rollback). Stored as JSON at
/// reconciliation/&lt;environment&gt;/&lt;rollback id&gt;.json in the environment's state store.
/// </summary>
public sealed record ReconciliationFile
{
    public required string Environment { get; init; }

    /// <summary>The rollback's deployment record.</summary>
    public required string DeploymentId { get; init; }

    /// <summary>The backup restored over the rows below.</summary>
    public required string BackupId { get; init; }

    public required string Engine { get; init; }

    public required string Database { get; init; }

    public required DateTimeOffset Saved { get; init; }

    /// <summary>Rows in all tables together.</summary>
    public required int RowCount { get; init; }

    public required IReadOnlyList<ReconciledTable> Tables { get; init; }
}

/// <summary>
/// One table's rows with an id above <see cref="HighWaterMark"/>, each as column name to value (decimals and times as
/// text, exactly as stored). <see cref="Basis"/> says
/// where the mark came from (the backup's manifest, or 0 and why); <see cref="IdsIssued"/> is the counter before the
/// restore, which the restored database continues above.
/// </summary>
public sealed record ReconciledTable(string Table, string IdColumn, long HighWaterMark, string Basis, long IdsIssued, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);
