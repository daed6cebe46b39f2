using System.Net;
using Purse.Models;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

/// <summary>The same emulator served by Kestrel on a loopback port, driven over real HTTP.</summary>
internal sealed class KestrelServerTests : EmulatorHarness
{
    [Test]
    public async Task A_payment_lifecycle_over_the_loopback_server()
    {
        await using var server = await Emulator.StartServerAsync(CancellationToken.None);
        UseHandler(new SocketsHttpHandler(), server.BaseAddress);
        Assert.That(server.BaseAddress.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(Emulator.BaseAddress, Is.EqualTo(server.BaseAddress));
        Assert.That(Emulator.TokenEndpoint, Is.EqualTo(new Uri(server.BaseAddress, "oauth/token")));

        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        using (var capture = await OperateAsync(payment.Id, "captures", 1000))
        {
            Assert.That(capture.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        using var voided = await OperateAsync(payment.Id, "voids", 1);
        using var unauthenticated = await SendAsync(
            HttpMethod.Get,
            $"/payment/v2/payments/{payment.Id}",
            withToken: false
        );

        await ProblemAsync(voided, HttpStatusCode.BadRequest);
        await ProblemAsync(unauthenticated, HttpStatusCode.Unauthorized);
        Assert.That(unauthenticated.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        var read = await GetPaymentAsync(payment.Id);
        Assert.That((read.Amounts!.TotalCaptured, read.Amounts.AvailableToVoid), Is.EqualTo(((long?)1000, (long?)0)));
        Assert.That(
            Emulator.FindPayment(payment.Id)!.Version,
            Is.EqualTo(read.Version),
            "in-process helpers see the server's state"
        );
        Assert.That(Conformance.Checked, Is.GreaterThanOrEqualTo(6));
    }

    [Test]
    public async Task The_server_listens_on_the_port_asked_for()
    {
        var port = FreePort();

        await using var server = await Emulator.StartServerAsync(port, CancellationToken.None);
        UseHandler(new SocketsHttpHandler(), new Uri($"http://127.0.0.1:{port}/"));

        Assert.That(server.BaseAddress, Is.EqualTo(new Uri($"http://127.0.0.1:{port}/")));
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        Assert.That(Emulator.FindPayment(payment.Id), Is.Not.Null, "the calls reached this emulator on that port");
    }

    [Test]
    public async Task A_port_already_taken_is_named_in_the_error()
    {
        await using var first = await Emulator.StartServerAsync(CancellationToken.None);
        await using var other = new PurseEmulator();

        var taken = first.BaseAddress.Port;
        var error = Assert.ThrowsAsync<IOException>(() => other.StartServerAsync(taken, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain($"127.0.0.1:{first.BaseAddress.Port}"));
        Assert.That(other.BaseAddress, Is.EqualTo(PurseEmulator.InProcessBaseAddress), "no server was kept");
    }

    [TestCase(-1)]
    [TestCase(65536)]
    public void A_port_out_of_range_is_refused(int port) =>
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Emulator.StartServerAsync(port, CancellationToken.None));

    [Test]
    public async Task Disposing_the_server_stops_it()
    {
        Uri address;
        await using (var server = await Emulator.StartServerAsync(CancellationToken.None))
        {
            address = server.BaseAddress;
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.That(
            async () => await client.GetAsync(new Uri(address, "payment/v2/signing-jwks")),
            Throws.InstanceOf<HttpRequestException>()
        );
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
