using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Pipeline.Core.Aws;

/// <summary>
/// Builds S3 clients. Credentials come from the standard AWS chain (environment variables, the shared profile
/// named by AWS_PROFILE, container or instance role), never from our configuration files.
/// </summary>
public static class S3ClientFactory
{
    public static IAmazonS3 Create(S3Endpoint endpoint, AWSCredentials? credentials = null)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = endpoint.ForcePathStyle,
            // Our own retry policy decides about throttling and 5xx; the SDK's would multiply it.
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromMinutes(5),
        };
        if (endpoint.ServiceUrl is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(endpoint.Region);
        }
        else
        {
            config.ServiceURL = endpoint.ServiceUrl.ToString();
            config.AuthenticationRegion = endpoint.Region;
        }

        return new AmazonS3Client(credentials ?? AwsCredentialsChain.Resolve(), config);
    }
}
