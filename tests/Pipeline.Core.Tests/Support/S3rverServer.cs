using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Pipeline.Core.Aws;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Tests.Support;

/// <summary>
/// A real S3 REST server on loopback: s3rver (npm, installed into tools/s3rver by scripts/prerequisites.sh)
/// as a child process with its own temp directory. Disposing kills it and deletes the directory.
/// </summary>
public sealed class S3rverServer : IDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly Process process;
    private readonly StringBuilder output = new();

    public S3rverServer()
    {
        Port = FreePort.Next();
        Directory = System.IO.Directory.CreateTempSubdirectory("pipeline-s3rver-").FullName;
        var start = new ProcessStartInfo("node", [Executable, "-d", Directory, "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // s3rver's list continuation token uses a cipher that OpenSSL 3 only offers through the legacy provider;
        // without it any listing of more than 1,000 keys fails with InternalError.
        start.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            ServerProcess.WaitUntilListening(process, Port, "s3rver", Printed, Patience);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Port { get; }

    /// <summary>Where s3rver keeps its buckets and objects.</summary>
    public string Directory { get; }

    public Uri ServiceUrl => new($"http://127.0.0.1:{Port}/");

    public S3Endpoint Endpoint => new("us-east-1", ServiceUrl, ForcePathStyle: true);

    public static AWSCredentials Credentials => new BasicAWSCredentials(AccessKey, SecretKey);

    public IAmazonS3 CreateClient() => S3ClientFactory.Create(Endpoint, Credentials);

    /// <summary>Creates a bucket with a fresh name and returns the name.</summary>
    public string CreateBucket(string stem = "bucket")
    {
        var name = $"{stem}-{Guid.NewGuid():N}"[..Math.Min(stem.Length + 13, 63)];
        using var client = CreateClient();
        client.PutBucketAsync(name).GetAwaiter().GetResult();
        return name;
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It had already gone.
        }

        process.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static string Executable
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "tools", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException(
                $"s3rver is not installed under tools/s3rver (searched upwards from {AppContext.BaseDirectory}); scripts/prerequisites.sh installs it with npm ci.");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private string Printed()
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
