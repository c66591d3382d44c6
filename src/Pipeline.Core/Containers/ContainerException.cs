namespace Pipeline.Core.Containers;

/// <summary>An image could not be built, verified, scanned, pushed or run; the message names what and why.</summary>
public sealed class ContainerException : Exception
{
    public ContainerException()
    {
    }

    public ContainerException(string message)
        : base(message)
    {
    }

    public ContainerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
