using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Http;
using ImmutaIntegrations.Core.Json;

namespace ImmutaIntegrations.Core
{
    /// <summary>
    /// The Integrations API's endpoints as methods. Cheap to create: one per command invocation, over the
    /// connection's shared <see cref="ImmutaClient"/>, with that invocation's log.
    /// </summary>
    public sealed class IntegrationsApi
    {
        private readonly ImmutaClient _client;
        private readonly IImmutaLog _log;

        public IntegrationsApi(ImmutaClient client, IImmutaLog? log = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _log = log ?? NullImmutaLog.Instance;
        }

        /// <summary>GET /integrations: every integration, each handed to <paramref name="onItem"/> as it is read.</summary>
        public Task<int> GetIntegrationsAsync(Action<Integration> onItem, CancellationToken cancellationToken)
        {
            if (onItem is null) throw new ArgumentNullException(nameof(onItem));
            var request = new ApiRequest(HttpMethod.Get, "integrations") { StreamResponse = true };
            return _client.SendAsync(request, async (response, token) =>
            {
                Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                // The parser reads synchronously (much faster than token-by-token async); a cancellation
                // or timeout disposes the response, which ends a blocked read at once.
                using (token.Register(response.Dispose))
                using (var text = new StreamReader(stream, Encoding.UTF8))
                {
                    return IntegrationReader.ReadIntegrationArray(text, onItem);
                }
            }, _log, cancellationToken);
        }

        /// <summary>GET /integrations/{id}.</summary>
        public Task<Integration> GetIntegrationAsync(string id, CancellationToken cancellationToken)
        {
            var request = new ApiRequest(HttpMethod.Get, "integrations/" + EscapeId(id)) { ErrorIdFor = IntegrationNotFound };
            return _client.SendAsync(request, (response, token) => ReadAsync(response, IntegrationReader.ReadIntegration), _log, cancellationToken);
        }

        /// <summary>GET /integrations/{id}/status.</summary>
        public Task<IntegrationStatus> GetStatusAsync(string id, CancellationToken cancellationToken)
        {
            var request = new ApiRequest(HttpMethod.Get, "integrations/" + EscapeId(id) + "/status") { ErrorIdFor = IntegrationNotFound };
            return _client.SendAsync(request, (response, token) => ReadAsync(response, IntegrationReader.ReadStatus), _log, cancellationToken);
        }

        private static string? IntegrationNotFound(int status) => status == 404 ? ImmutaErrorId.IntegrationNotFound : null;

        private static string EscapeId(string id)
        {
            if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("An integration id cannot be empty.", nameof(id));
            return Uri.EscapeDataString(id.Trim());
        }

        private static async Task<T> ReadAsync<T>(HttpResponseMessage response, Func<TextReader, T> parse)
        {
            string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            using (var text = new StringReader(body))
            {
                return parse(text);
            }
        }
    }
}
