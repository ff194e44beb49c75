using Microsoft.Extensions.Options;

namespace Artha.Client.Configuration;

/// <summary>Validates <see cref="ArthaClientOptions"/> at start-up so a misconfiguration fails fast with a clear message.</summary>
public sealed class ArthaClientOptionsValidator : IValidateOptions<ArthaClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ArthaClientOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("Artha:BaseUrl must be an absolute http(s) URL.");
        }
        else if (!string.IsNullOrEmpty(baseUri.Query) || !string.IsNullOrEmpty(baseUri.Fragment))
        {
            failures.Add("Artha:BaseUrl must not contain a query string or fragment.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add("Artha:ApiKey is required.");
        }

        if (string.IsNullOrWhiteSpace(options.Secret))
        {
            failures.Add("Artha:Secret is required.");
        }

        if (options.PathPrefix is null || (options.PathPrefix.Length > 0 && (options.PathPrefix[0] != '/' || options.PathPrefix.Contains('?'))))
        {
            failures.Add("Artha:PathPrefix must be empty or start with '/' (e.g. /api/v1 or /ext/api/v1) and contain no query.");
        }

        if (!(options.TimeoutSeconds > 0) || options.TimeoutSeconds > 600)
        {
            failures.Add("Artha:TimeoutSeconds must be greater than 0 and at most 600.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("Artha:MaxRetries must be between 0 and 10.");
        }

        if (options.RetryBaseDelayMilliseconds is < 0 or > 60_000)
        {
            failures.Add("Artha:RetryBaseDelayMilliseconds must be between 0 and 60000.");
        }

        if (options.Paths is null)
        {
            failures.Add("Artha:Paths must not be null.");
        }
        else
        {
            foreach (var (pathName, template) in options.Paths.All())
            {
                if (string.IsNullOrWhiteSpace(template) || template[0] != '/' || template.Contains('?'))
                {
                    failures.Add($"Artha:Paths:{pathName} must start with '/' and contain no query string.");
                }
            }

            if (string.IsNullOrWhiteSpace(options.Paths.CustomerKycFilterParameter))
            {
                failures.Add("Artha:Paths:CustomerKycFilterParameter is required.");
            }

            if (string.IsNullOrWhiteSpace(options.Paths.UploadFormFieldName))
            {
                failures.Add("Artha:Paths:UploadFormFieldName is required.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
