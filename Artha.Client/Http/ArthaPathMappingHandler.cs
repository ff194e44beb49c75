using System.Collections.Frozen;
using System.Reflection;
using System.Text;
using Artha.Client.Api;
using Artha.Client.Configuration;
using Microsoft.Extensions.Options;
using Refit;

namespace Artha.Client.Http;

/// <summary>
/// Makes the configurable paths (<c>Artha:Paths:*</c>) work although Refit's attribute paths are constants. Refit
/// records the interface method of every request in <see cref="HttpRequestMessage.Options"/>
/// (<see cref="HttpRequestMessageOptions.MethodName"/>); the methods of <see cref="IArthaApi"/> carry the names of
/// the <see cref="ArthaPathOptions"/> properties. For an endpoint whose configured template differs from its attribute
/// path, the handler takes the argument values out of the path Refit built (still escaped, as sent) and writes them
/// into the configured template; the query string is kept, except that <c>kycState</c> of List Customers is renamed to
/// <see cref="ArthaPathOptions.CustomerKycFilterParameter"/>. The prefix (<c>Artha:PathPrefix</c>) is part of the base
/// address, so it needs no rewrite. Endpoints left at their defaults pass through untouched.
/// </summary>
/// <remarks>Outermost handler: the URI is mapped once, before retries, logging and signing see it.</remarks>
public sealed class ArthaPathMappingHandler : DelegatingHandler
{
    internal const string DefaultKycFilterParameter = "kycState";
    private static readonly HttpRequestOptionsKey<string> MethodNameKey = new(HttpRequestMessageOptions.MethodName);

    private readonly FrozenDictionary<string, PathRewrite> _rewrites;

    public ArthaPathMappingHandler(IOptions<ArthaClientOptions> options)
    {
        _rewrites = Build(options.Value.Paths);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_rewrites.Count > 0
            && request.Options.TryGetValue(MethodNameKey, out var methodName)
            && _rewrites.TryGetValue(methodName, out var rewrite)
            && request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            request.RequestUri = rewrite.Apply(uri);
        }

        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>The Refit methods of <see cref="IArthaApi"/> with their attribute (default) path templates, by method name.</summary>
    internal static IReadOnlyDictionary<string, (MethodInfo Method, string Template)> Endpoints { get; } =
        typeof(IArthaApi).GetInterfaces()
            .SelectMany(type => type.GetMethods())
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<HttpMethodAttribute>()))
            .Where(entry => entry.Attribute is not null)
            .ToFrozenDictionary(entry => entry.Method.Name, entry => (entry.Method, entry.Attribute!.Path), StringComparer.Ordinal);

    /// <summary>Names of the endpoints marked <see cref="SensitiveEndpointAttribute"/>.</summary>
    internal static FrozenSet<string> SensitiveEndpoints { get; } =
        Endpoints.Where(entry => entry.Value.Method.IsDefined(typeof(SensitiveEndpointAttribute))).Select(entry => entry.Key).ToFrozenSet(StringComparer.Ordinal);

    private static FrozenDictionary<string, PathRewrite> Build(ArthaPathOptions paths)
    {
        var rewrites = new Dictionary<string, PathRewrite>(StringComparer.Ordinal);
        foreach (var (name, configured) in paths.All())
        {
            if (!Endpoints.TryGetValue(name, out var endpoint))
            {
                throw new InvalidOperationException($"Artha:Paths:{name} has no Refit endpoint method of that name.");
            }

            var renameKyc = name == nameof(ArthaPathOptions.ListCustomers)
                && !string.Equals(paths.CustomerKycFilterParameter, DefaultKycFilterParameter, StringComparison.Ordinal);
            if (!string.Equals(configured, endpoint.Template, StringComparison.Ordinal) || renameKyc)
            {
                rewrites[name] = new PathRewrite(endpoint.Template, configured, renameKyc ? paths.CustomerKycFilterParameter : null);
            }
        }

        return rewrites.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Maps the path of one endpoint from its attribute template onto its configured template.</summary>
    internal sealed class PathRewrite
    {
        private readonly string[] _defaultSegments;
        private readonly string _configured;
        private readonly string? _kycFilterParameter;
        private readonly string? _error;

        public PathRewrite(string defaultTemplate, string configuredTemplate, string? kycFilterParameter)
        {
            _defaultSegments = defaultTemplate.Trim('/').Split('/');
            _configured = configuredTemplate;
            _kycFilterParameter = kycFilterParameter is null ? null : Uri.EscapeDataString(kycFilterParameter);
            // A placeholder the endpoint does not have fails the call (as a bad template always did), not the start-up.
            try
            {
                if (Placeholders(configuredTemplate).Any(placeholder => IndexOf(placeholder) < 0))
                {
                    _error = $"Path template '{configuredTemplate}' uses a placeholder the endpoint does not provide.";
                }
            }
            catch (FormatException exception)
            {
                _error = exception.Message;
            }
        }

        public Uri Apply(Uri uri)
        {
            if (_error is not null)
            {
                throw new FormatException(_error);
            }

            // The endpoint's own path is the last segments of the request path; what comes before is the base path and prefix.
            var path = uri.AbsolutePath;
            var start = path.Length;
            for (var i = 0; i < _defaultSegments.Length; i++)
            {
                start = path.LastIndexOf('/', start - 1);
                if (start < 0)
                {
                    throw new InvalidOperationException("The request path does not match its endpoint template.");
                }
            }

            var values = path[(start + 1)..].Split('/');
            var text = new StringBuilder(uri.OriginalString.Length + 16)
                .Append(uri.GetLeftPart(UriPartial.Authority))
                .Append(path, 0, start);
            var position = 0;
            while (position < _configured.Length)
            {
                var open = _configured.IndexOf('{', position);
                if (open < 0)
                {
                    text.Append(_configured, position, _configured.Length - position);
                    break;
                }

                var close = _configured.IndexOf('}', open);
                text.Append(_configured, position, open - position);
                text.Append(values[IndexOf(_configured.AsSpan(open + 1, close - open - 1))]);
                position = close + 1;
            }

            text.Append(_kycFilterParameter is null ? uri.Query : RenameKycFilter(uri.Query, _kycFilterParameter));
            return new Uri(text.ToString(), UriKind.Absolute);
        }

        private int IndexOf(ReadOnlySpan<char> placeholder)
        {
            for (var i = 0; i < _defaultSegments.Length; i++)
            {
                var segment = _defaultSegments[i].AsSpan();
                if (segment is ['{', .., '}'] && segment[1..^1].Equals(placeholder, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return -1;
        }

        private static IEnumerable<string> Placeholders(string template)
        {
            var position = 0;
            while ((position = template.IndexOf('{', position)) >= 0)
            {
                var close = template.IndexOf('}', position);
                if (close < 0)
                {
                    throw new FormatException($"Unclosed placeholder in path template '{template}'.");
                }

                yield return template[(position + 1)..close];
                position = close + 1;
            }
        }

        private static string RenameKycFilter(string query, string name)
        {
            const string Key = DefaultKycFilterParameter + "=";
            foreach (var separator in (ReadOnlySpan<char>)['?', '&'])
            {
                var at = query.IndexOf(separator + Key, StringComparison.Ordinal);
                if (at >= 0)
                {
                    return string.Concat(query.AsSpan(0, at + 1), name, "=", query.AsSpan(at + 1 + Key.Length));
                }
            }

            return query;
        }
    }
}
