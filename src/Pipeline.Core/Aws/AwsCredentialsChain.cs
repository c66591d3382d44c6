using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace Pipeline.Core.Aws;

/// <summary>The standard AWS credential chain, with an error that says what was looked for when nothing is found.</summary>
public static class AwsCredentialsChain
{
    public static AWSCredentials Resolve()
    {
        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException)
        {
            throw new AwsCredentialsException(
                "No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE naming a profile in "
                + $"{SharedCredentialsFile.DefaultFilePath}, or run where an instance or container role is available ({exception.Message}).");
        }
    }
}

public sealed class AwsCredentialsException(string message) : Exception(message);
