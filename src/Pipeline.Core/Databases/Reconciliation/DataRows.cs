using System.Data.Common;

namespace Pipeline.Core.Databases.Reconciliation;

/// <summary>Rows read from any ADO.NET reader as column name to value (null for SQL NULL), in the reader's order.</summary>
internal static class DataRows
{
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> ReadAll(DbDataReader reader)
    {
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
