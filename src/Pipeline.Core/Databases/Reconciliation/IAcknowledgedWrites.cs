namespace Pipeline.Core.Databases.Reconciliation;

/// <summary>
/// An engine's part of a database rollback that keeps every acknowledged write: stopping writes on every host that
/// shares the database, reading the rows written since a backup, and keeping id counters above every id issued.
/// </summary>
public interface IAcknowledgedWrites
{
    /// <summary>
    /// Stops writes, waiting at most <paramref name="wait"/> for writes in progress; from its return until
    /// <see cref="WriteFreeze.Lift"/> no write is acknowledged. Throws <see cref="WriteFreezeException"/>, having changed nothing, when it cannot.
    /// </summary>
    WriteFreeze Freeze(string reason, TimeSpan wait);

    /// <summary>The tables whose rows take ids from a counter (AUTOINCREMENT, identity, serial), with the highest id issued so far.</summary>
    IReadOnlyList<IdCounter> Counters();

    /// <summary>The highest id present in each counted table; what a backup records as its high-water marks.</summary>
    IReadOnlyDictionary<string, long> HighWaterMarks();

    /// <summary>How many rows of <paramref name="counter"/>'s table have an id at or below <paramref name="highWaterMark"/>.</summary>
    long CountUpTo(IdCounter counter, long highWaterMark);

    /// <summary>Every row of <paramref name="counter"/>'s table with an id above <paramref name="highWaterMark"/>, column by column, in id order.</summary>
    IReadOnlyList<IReadOnlyDictionary<string, object?>> RowsAbove(IdCounter counter, long highWaterMark);

    /// <summary>Raises the counter of <paramref name="table"/> so the next id issued is above <paramref name="issued"/>; never lowers it.</summary>
    void KeepAbove(string table, long issued);
}

/// <summary>A table whose ids come from a counter: its id column and the highest id issued so far (0 when none).</summary>
public sealed record IdCounter(string Table, string Column, long Issued);
