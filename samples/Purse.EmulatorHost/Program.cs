using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Purse.EmulatorHost;

// The Purse emulator for a shop in another process: dotnet run --project samples/Purse.EmulatorHost [-- --port 5090]
var builder = Host.CreateApplicationBuilder(
    new HostApplicationBuilderSettings
    {
        Args = args,
        ContentRootPath = AppContext.BaseDirectory, // appsettings.json beside the program, wherever it is run from
    }
);

// Short switches for the settings one changes most (--port 5090); --Emulator:Key value works for any other.
builder.Configuration.AddCommandLine(
    args,
    new Dictionary<string, string>
    {
        ["--port"] = "Emulator:Port",
        ["--entity-id"] = "Emulator:EntityId",
        ["--client-id"] = "Emulator:ClientId",
        ["--client-secret"] = "Emulator:ClientSecret",
        ["--api-key"] = "Emulator:ApiKey",
        ["--client-name"] = "Emulator:ClientName",
        ["--webhook-url"] = "Emulator:WebhookUrl",
    }
);
builder.Services.Configure<EmulatorHostOptions>(builder.Configuration.GetSection("Emulator"));
builder.Services.AddSingleton(Console.Out);
builder.Services.AddHostedService<EmulatorService>();
await builder.Build().RunAsync();
