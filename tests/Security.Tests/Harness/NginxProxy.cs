using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Security.Tests.Harness;

/// <summary>
/// Debian's nginx (installed by scripts/lib.sh) as this test's own process: its own prefix, configuration, pid and
/// temp folders in <paramref name="directory"/>, terminating TLS on <see cref="HttpsPort"/> with the given
/// certificate and answering plain HTTP on <see cref="HttpPort"/>, both forwarding to the app as a production
/// reverse proxy does (X-Forwarded-For and -Proto, the browser's Host).
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private const string Program = "/usr/sbin/nginx";
    private readonly Process _process;

    private NginxProxy(Process process, int httpsPort, int httpPort, string directory)
    {
        _process = process;
        HttpsPort = httpsPort;
        HttpPort = httpPort;
        Directory = directory;
    }

    public int HttpsPort { get; }

    public int HttpPort { get; }

    public string Directory { get; }

    public static async Task<NginxProxy> StartAsync(string directory, int upstreamPort, string certificatePath, string keyPath)
    {
        if (!File.Exists(Program))
            throw new InvalidOperationException($"{Program} is missing: run scripts/lib.sh's ensure_packages (EVS_APT_PACKAGES lists nginx)");
        System.IO.Directory.CreateDirectory(directory);
        var httpsPort = FreePort.Next();
        var httpPort = FreePort.Next();
        var forward = $$"""
                    proxy_pass http://127.0.0.1:{{upstreamPort}};
                    proxy_set_header Host $http_host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
            """;
        var config = $$"""
            daemon off;
            master_process off;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                server {
                    listen 127.0.0.1:{{httpsPort}} ssl;
                    server_name localhost;
                    ssl_certificate {{certificatePath}};
                    ssl_certificate_key {{keyPath}};
                    ssl_protocols TLSv1.2 TLSv1.3;
                    location / {
            {{forward}}
                    }
                }
                server {
                    listen 127.0.0.1:{{httpPort}};
                    server_name localhost;
                    location / {
            {{forward}}
                    }
                }
            }
            """;
        var configPath = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config);
        var start = new ProcessStartInfo(Program)
        {
            ArgumentList = { "-p", directory, "-c", configPath, "-e", Path.Combine(directory, "error.log") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        var proxy = new NginxProxy(process, httpsPort, httpPort, directory);
        await proxy.WaitUntilListeningAsync();
        return proxy;
    }

    private async Task WaitUntilListeningAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"nginx exited with code {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}{ErrorLog()}");
            try
            {
                using var https = new TcpClient();
                await https.ConnectAsync(IPAddress.Loopback, HttpsPort, deadline.Token);
                using var http = new TcpClient();
                await http.ConnectAsync(IPAddress.Loopback, HttpPort, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                // not listening yet; _process.WaitForExitAsync below is the signal that it never will
            }
            try
            {
                await _process.WaitForExitAsync(deadline.Token).WaitAsync(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private string ErrorLog()
    {
        var path = Path.Combine(Directory, "error.log");
        return File.Exists(path) ? "\n" + File.ReadAllText(path) : "";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
