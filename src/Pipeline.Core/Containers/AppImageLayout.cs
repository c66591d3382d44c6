namespace Pipeline.Core.Containers;

/// <summary>Where things are inside the app's image; the container target and the tests read the same names.</summary>
public static class AppImageLayout
{
    public const string Root = "/opt/trading-app";

    /// <summary>The unpacked release: the app's working directory, its built-in appsettings.json.</summary>
    public const string App = Root + "/app";

    /// <summary>The artifact's archive itself, byte for byte, so anyone can check the image against the manifest.</summary>
    public const string Artifact = Root + "/artifact";

    public const string StartScript = Root + "/start";

    public const string HealthScript = Root + "/healthcheck";

    public const string DataDirectory = "/var/lib/trading";

    /// <summary>The port the app listens on inside the image unless TRADING_PORT says otherwise.</summary>
    public const int DefaultPort = 8080;

    public const string PortVariable = "TRADING_PORT";

    public const string HostVariable = "TRADING_HOST";

    public const string Start = """
        #!/bin/bash
        # Starts the app on TRADING_HOST:TRADING_PORT (127.0.0.1:8080 by default: with the host's network a container
        # listens on a loopback port of its own, behind the target's front door).
        exec /usr/share/dotnet/dotnet /opt/trading-app/app/Trading.App.dll --urls "http://${TRADING_HOST:-127.0.0.1}:${TRADING_PORT:-8080}" "$@"

        """;

    public const string HealthCheck = """
        #!/bin/bash
        # The image's HEALTHCHECK: GET /health on the app's port, healthy on 200. bash's /dev/tcp, since the base has no curl.
        exec 3<>"/dev/tcp/127.0.0.1/${TRADING_PORT:-8080}" || exit 1
        printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
        read -r -t 3 status <&3 || exit 1
        [[ "$status" == "HTTP/1."?" 200"* ]]

        """;
}
