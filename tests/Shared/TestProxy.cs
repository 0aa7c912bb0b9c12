using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImmutaIntegrations.Tests;

/// <summary>
/// A small forwarding HTTP proxy on loopback, for tests of the client's proxy support: it forwards
/// absolute-form requests (http targets) to their server, one request per connection, counts them, and, when
/// given credentials, answers 407 to requests without them.
/// </summary>
internal sealed class TestProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string? _expectedAuthorization;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _forwarded;
    private int _refused;

    public TestProxy(string? user = null, string? password = null)
    {
        if (user != null) _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public int Forwarded => Volatile.Read(ref _forwarded);

    public int Refused => Volatile.Read(ref _refused);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            NetworkStream stream = client.GetStream();
            (string head, byte[] rest) = await ReadHeadAsync(stream);
            string[] lines = head.Split("\r\n");
            string[] requestLine = lines[0].Split(' ');
            var headers = lines.Skip(1).Where(l => l.Length > 0).ToList();
            string? authorization = headers.FirstOrDefault(h => h.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase))?["Proxy-Authorization:".Length..].Trim();
            if (_expectedAuthorization != null && authorization != _expectedAuthorization)
            {
                Interlocked.Increment(ref _refused);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(
                    "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
                return;
            }
            var target = new Uri(requestLine[1]);
            int length = headers.Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(h => int.Parse(h["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
            byte[] body = new byte[length];
            Array.Copy(rest, body, Math.Min(rest.Length, length));
            for (int read = rest.Length; read < length;) read += await stream.ReadAsync(body.AsMemory(read, length - read));

            var forwarded = new StringBuilder($"{requestLine[0]} {target.PathAndQuery} {requestLine[2]}\r\n");
            foreach (string header in headers.Where(h => !h.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) && !h.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)))
            {
                forwarded.Append(header).Append("\r\n");
            }
            forwarded.Append("Connection: close\r\n\r\n");
            using var server = new TcpClient();
            await server.ConnectAsync(target.Host, target.Port);
            NetworkStream upstream = server.GetStream();
            await upstream.WriteAsync(Encoding.ASCII.GetBytes(forwarded.ToString()));
            await upstream.WriteAsync(body);
            Interlocked.Increment(ref _forwarded);
            await upstream.CopyToAsync(stream);
        }
    }

    private static async Task<(string Head, byte[] Remainder)> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        while (true)
        {
            int read = await stream.ReadAsync(chunk);
            if (read == 0) break;
            buffer.AddRange(chunk.AsSpan(0, read).ToArray());
            int end = IndexOf(buffer, "\r\n\r\n"u8.ToArray());
            if (end >= 0) return (Encoding.ASCII.GetString(buffer.GetRange(0, end).ToArray()), buffer.GetRange(end + 4, buffer.Count - end - 4).ToArray());
        }
        return (Encoding.ASCII.GetString(buffer.ToArray()), []);
    }

    private static int IndexOf(List<byte> data, byte[] pattern)
    {
        for (int i = 0; i <= data.Count - pattern.Length; i++)
        {
            bool match = true;
            for (int j = 0; j < pattern.Length && match; j++) match = data[i + j] == pattern[j];
            if (match) return i;
        }
        return -1;
    }
}
