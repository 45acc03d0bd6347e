using System.Diagnostics.CodeAnalysis;
using MerchantConsole.Shops;

namespace MerchantConsole.Gateway;

/// <summary>Who asked for an operation: a staff user, the merchant's server, the customer's browser, or the sync.</summary>
public sealed record GatewayActor(GatewayActorKind Kind, string Id, string Name)
{
    public static readonly GatewayActor Customer = new(GatewayActorKind.Customer, "customer", "Customer (Amazon Pay)");

    public static readonly GatewayActor Sync = new(GatewayActorKind.Sync, "sync", "Sync with Amazon Pay");

    public static GatewayActor Staff(ActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return new(GatewayActorKind.Staff, actor.Id, actor.Name);
    }

    /// <summary>The merchant's server, identified by the shop it authenticated as.</summary>
    public static GatewayActor Api(string shopId) => new(GatewayActorKind.Api, "api", $"Merchant API ({shopId})");
}

/// <summary>The outcome of an operation: the value, or the API error with its meaning in both languages.</summary>
public sealed class GatewayResult<T>
{
    private GatewayResult(T? value, GatewayError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public GatewayError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static implicit operator GatewayResult<T>(T value) => new(value, null);

    public static implicit operator GatewayResult<T>(GatewayError error) => new(default, error);

#pragma warning disable CA1000 // The named alternates of the conversions above belong with them.
    public static GatewayResult<T> Ok(T value) => new(value, null);

    public static GatewayResult<T> Fail(GatewayError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));
#pragma warning restore CA1000

    public override string ToString() => IsSuccess ? $"Ok: {Value}" : $"Error: {Error}";
}
