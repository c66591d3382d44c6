namespace Cake.Frosting;

/// <summary>A fault in how the graph is declared or the host is configured.</summary>
public sealed class FrostingException : Exception
{
    public FrostingException(string message)
        : base(message)
    {
    }

    public FrostingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
