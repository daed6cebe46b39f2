using Purse.Models;
using Purse.Testing.Authentication;
using Purse.Testing.State;
using Purse.Testing.Validation;

namespace Purse.Testing.Routing;

/// <summary>
/// The HTTP face of the emulator: every operation of the spec, its credentials, its body
/// checks, its status codes (201 for creates, captures, refunds and voids; 200 otherwise) and
/// its idempotency keys (<see cref="ProcessedKeys"/>). Both the in-process handler and the
/// Kestrel host call <see cref="HandleAsync"/>.
/// </summary>
internal sealed class PurseApi
{
    private const string Api = "/payment/v2";

    private readonly EmulatorCore _core;
    private readonly AccessTokens _tokens;
    private readonly RequestAuthenticator _auth;
    private readonly ProcessedKeys _keys;
    private readonly Router _router;

    public PurseApi(EmulatorCore core)
    {
        _core = core;
        _tokens = new AccessTokens(core.Options.TimeProvider, core.Options.TokenLifetime);
        _auth = new RequestAuthenticator(core.Options, _tokens);
        _keys = new ProcessedKeys(core.Options);
        _router = new Router(core.Faults, core.Options.TimeProvider)
            .Map("POST", "/oauth/token", PurseOperationIds.RequestAccessToken, IssueToken)
            .Map("POST", Api + "/client-sessions", PurseOperationIds.CreateClientSession, CreateClientSession)
            .Map("GET", Api + "/client-sessions/{id}", PurseOperationIds.GetClientSession, GetClientSession)
            .Map("POST", Api + "/client-sessions/{id}/abort", PurseOperationIds.AbortClientSession, AbortClientSession)
            .Map("POST", Api + "/payments", PurseOperationIds.CreatePayment, CreatePayment)
            .Map("GET", Api + "/payments/{id}", PurseOperationIds.GetPayment, GetPayment)
            .Map("POST", Api + "/payments/{id}/captures", PurseOperationIds.CapturePayment, (r, v, c) =>
                Operate(r, v, PurseOperationIds.CapturePayment, PaymentOperationKind.Capture, c)
            )
            .Map("POST", Api + "/payments/{id}/refunds", PurseOperationIds.RefundPayment, (r, v, c) =>
                Operate(r, v, PurseOperationIds.RefundPayment, PaymentOperationKind.Refund, c)
            )
            .Map("POST", Api + "/payments/{id}/voids", PurseOperationIds.VoidPayment, (r, v, c) =>
                Operate(r, v, PurseOperationIds.VoidPayment, PaymentOperationKind.Void, c)
            )
            .Map("POST", Api + "/payment-links", PurseOperationIds.CreatePaymentLink, CreatePaymentLink)
            .Map("GET", Api + "/payment-links/{id}", PurseOperationIds.GetPaymentLink, GetPaymentLink)
            .Map("GET", Api + "/signing-jwks", PurseOperationIds.GetSigningJwks, GetSigningJwks)
            .Map("POST", Api + "/eligible-solutions", PurseOperationIds.CheckEligibleSolutions, CheckEligibleSolutions);
    }

    public Task<EmulatorResponse> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken) =>
        _router.DispatchAsync(request, cancellationToken);

    /// <summary>The 413 problem+json both hosts answer for a body over the limit.</summary>
    public static EmulatorResponse TooLarge(string path, long limit) =>
        EmulatorResponse.Problem(EmulatorProblem.PayloadTooLarge(limit).ToProblemDetails(path));

    private Task<EmulatorResponse> IssueToken(
        EmulatorRequest request,
        RouteValues values,
        CancellationToken cancellationToken
    )
    {
        var contentType = request.Header("Content-Type");
        if (
            contentType is null
            || !contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
        )
        {
            throw EmulatorProblem.BadRequest(
                $"The token request must be application/x-www-form-urlencoded; got '{contentType}'."
            );
        }
        var form = ParseForm(request.Body);
        if (!form.TryGetValue("grant_type", out var grantType))
        {
            throw EmulatorProblem.InvalidField("/grant_type", "must have required property 'grant_type'");
        }
        if (grantType != GrantType.ClientCredentials.Value)
        {
            throw EmulatorProblem.InvalidField(
                "/grant_type",
                "must be equal to one of the allowed values: client_credentials"
            );
        }
        if (!_auth.AreClientCredentialsValid(request, form))
        {
            throw EmulatorProblem.Unauthorized("The client credentials are invalid.");
        }
        return Answer(
            200,
            new TokenResponse
            {
                AccessToken = _tokens.Issue(),
                TokenType = "Bearer",
                ExpiresIn = (int)_tokens.Lifetime.TotalSeconds,
            }
        );
    }

    private Task<EmulatorResponse> CreateClientSession(
        EmulatorRequest request,
        RouteValues values,
        CancellationToken cancellationToken
    )
    {
        _auth.RequireBearerAndApiKey(request);
        return OnceAsync(request, cancellationToken, () =>
        {
            var body = RequestBody.Read<CreateClientSessionRequest>(request, "createClientSession");
            var session = _core.CreateClientSession(body);
            return Task.FromResult((EmulatorResponse.Of(201, session), session.Id));
        });
    }

    private Task<EmulatorResponse> GetClientSession(
        EmulatorRequest request,
        RouteValues values,
        CancellationToken cancellationToken
    )
    {
        _auth.RequireBearerAndApiKey(request);
        return Answer(200, _core.GetClientSession(values.Id));
    }

    private Task<EmulatorResponse> AbortClientSession(
        EmulatorRequest request,
        RouteValues values,
        CancellationToken cancellationToken
    )
    {
        _auth.RequireBearerAndApiKey(request);
        var id = values.Id;
        return OnceAsync(request, cancellationToken, () =>
        {
            var body = RequestBody.Read<AbortClientSessionRequest>(request, "abortClientSession");
            return Task.FromResult((EmulatorResponse.Of(200, _core.AbortClientSession(id, body.Status)), id));
        });
    }

    private Task<EmulatorResponse> CreatePayment(
        EmulatorRequest request,
        RouteValues values,
        CancellationToken cancellationToken
    )
    {
        _auth.RequireBearerAndApiKey(request);
        return OnceAsync(request, cancellationToken, async () =>
        {
            var body = RequestBody.Read<CreatePaymentRequest>(request, "createPayment");
            var payment = await _core.CreatePaymentAsync(body, link: null, cancellationToken).ConfigureAwait(false);
            return (EmulatorResponse.Of(201, payment), payment.Id);
        });
    }

    private Task<EmulatorResponse> GetPayment(
        EmulatorRequest request,
        RouteValues values,
        CancellationToken cancellationToken
    )
    {
        _auth.RequireBearerAndApiKey(request);
        return Answer(200, _core.GetPayment(values.Id));
    }

    private async Task<EmulatorResponse> Operate(
        EmulatorRequest request,
        RouteValues values,
        string operationId,
        PaymentOperationKind kind,
        CancellationToken cancellationToken
    )
    {
        _auth.RequireBearerAndApiKey(request);
        var id = values.Id;
        return await OnceAsync(request, cancellationToken, async () =>
            {
                var body = RequestBody.Read<PaymentOperationRequest>(request, operationId);
                var (payment, operation) = await _core
                    .OperateAsync(id, kind, body, cancellationToken)
                    .ConfigureAwait(false);
                return (EmulatorResponse.Of(201, payment), operation);
            })
            .ConfigureAwait(false);
    }

    private Task<EmulatorResponse> CreatePaymentLink(
        EmulatorRequest request,
        RouteValues values,
        CancellationToken cancellationToken
    )
    {
        _auth.RequireBearerAndApiKey(request);
        return OnceAsync(request, cancellationToken, () =>
        {
            var body = RequestBody.Read<CreatePaymentLinkRequest>(request, "createPaymentLink");
            var link = _core.CreatePaymentLink(body);
            return Task.FromResult((EmulatorResponse.Of(201, link), link.Id));
        });
    }

    private Task<EmulatorResponse> GetPaymentLink(
        EmulatorRequest request,
        RouteValues values,
        CancellationToken cancellationToken
    )
    {
        _auth.RequireBearerAndApiKey(request);
        return Answer(200, _core.GetPaymentLink(values.Id));
    }

    private Task<EmulatorResponse> GetSigningJwks(
        EmulatorRequest request,
        RouteValues values,
        CancellationToken cancellationToken
    )
    {
        _auth.RequireApiKey(request);
        return Answer(200, _core.Signer.Jwks());
    }

    private Task<EmulatorResponse> CheckEligibleSolutions(
        EmulatorRequest request,
        RouteValues values,
        CancellationToken cancellationToken
    )
    {
        _auth.RequireBearerAndApiKey(request);
        var body = RequestBody.Read<EligibleSolutionsRequest>(request, "checkEligibleSolutions");
        return Answer(200, _core.CheckEligibleSolutions(body));
    }

    private static Task<EmulatorResponse> Answer(int status, object body) =>
        Task.FromResult(EmulatorResponse.Of(status, body));

    /// <summary>
    /// A write, run once per <c>x-idempotency-key</c> of the caller's entity: a key already processed is answered 409
    /// write-conflict, checked before the body is read, so that a repeat changes nothing whatever it carries.
    /// </summary>
    private Task<EmulatorResponse> OnceAsync(
        EmulatorRequest request,
        CancellationToken cancellationToken,
        Func<Task<(EmulatorResponse Answer, Guid ResourceId)>> write
    ) => _keys.RunOnceAsync(_core.Options.EntityId, request.Header("x-idempotency-key"), write, cancellationToken);

    private static Dictionary<string, string> ParseForm(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            form[name] = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
        }
        return form;
    }

    private static string Decode(string value) =>
        Uri.UnescapeDataString(value.Replace("+", " ", StringComparison.Ordinal));
}
