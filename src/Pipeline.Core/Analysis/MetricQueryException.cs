namespace Pipeline.Core.Analysis;

/// <summary>A metric source could not be reached or refused a query; the message quotes its answer.</summary>
public sealed class MetricQueryException : Exception
{
    public MetricQueryException()
    {
    }

    public MetricQueryException(string message)
        : base(message)
    {
    }

    public MetricQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
