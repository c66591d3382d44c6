namespace Pipeline.Core.Routing;

/// <summary>The balancer could not be reached, or it refused a change; the message quotes its reply.</summary>
public sealed class RouterException : Exception
{
    public RouterException()
    {
    }

    public RouterException(string message)
        : base(message)
    {
    }

    public RouterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
