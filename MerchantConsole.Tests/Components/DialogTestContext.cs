using System.Globalization;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using MerchantConsole.Gateway;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Gateway;
using MerchantConsole.Tests.Support;
using MerchantConsole.Transactions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace MerchantConsole.Tests.Components;

/// <summary>
/// The dialog tests share one real console with its sandbox, and xUnit runs the classes of a collection one after
/// another, so counting the whole database's journal is a fair "nothing was sent".
/// </summary>
[CollectionDefinition(Name)]
public sealed class DialogCollection : ICollectionFixture<DialogFixture>
{
    public const string Name = "Dialogs against the real console";
}

/// <summary>
/// Refunds settle at once, so ten partial refunds take a second or two. A refused input leaves its transaction as
/// it was, so the refusal cases of one kind share a transaction made on first use (each case still checks that its
/// own attempt changed nothing); a test that changes a transaction makes its own.
/// </summary>
public sealed class DialogFixture : GatewayFixture
{
    private readonly Dictionary<string, Task> shared = [];

    protected override string[] Arguments => ["--AmazonPay:Sandbox:RefundSettleSeconds=0"];

    public Task<T> SharedAsync<T>(string name, Func<GatewayHarness, Task<T>> make)
    {
        ArgumentNullException.ThrowIfNull(make);
        lock (shared)
        {
            if (!shared.TryGetValue(name, out var made) || made.IsFaulted)
            {
                shared[name] = made = make(Harness);
            }

            return (Task<T>)made;
        }
    }
}

/// <summary>
/// The real dialogs in bUnit, shown through <see cref="IDialogService"/> with the options the pages use, backed by
/// the running console's own services and signed in as the shop's Owner.
/// </summary>
public abstract class DialogTestContext : ComponentTestContext
{
    private readonly DialogFixture fixture;

    protected DialogTestContext(DialogFixture fixture, string culture)
        : base(culture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        this.fixture = fixture;
        Harness = fixture.Harness;
        Owner = Harness.Sandbox.Owner;
        Context.AddAuthorization().SetAuthorized(Owner.Name).SetClaims(new Claim(ClaimTypes.NameIdentifier, Owner.Id));
        Context.Services.AddSingleton(Harness.Service<TransactionActions>());
        Context.Services.AddSingleton(Harness.Service<TimeProvider>());
    }

    protected GatewayHarness Harness { get; }

    protected ActorRef Owner { get; }

    /// <summary>The transaction (or registration) the refusal cases of one kind share; see <see cref="DialogFixture"/>.</summary>
    protected Task<T> SharedAsync<T>(string name, Func<GatewayHarness, Task<T>> make) => fixture.SharedAsync(name, make);

    protected async Task<OpenDialog> ShowAsync<TDialog>(DialogParameters<TDialog> parameters)
        where TDialog : ComponentBase
    {
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<TDialog>("", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true }));
        return new OpenDialog(provider, reference!);
    }

    /// <summary>Moves a stored transaction's timestamps, as if it had been made long ago.</summary>
    protected async Task<GatewayTransaction> BackdateAsync(long id, Action<GatewayTransaction> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using (var db = await Harness.DbAsync())
        {
            var row = await db.GatewayTransactions.SingleAsync(t => t.Id == id);
            change(row);
            await db.SaveChangesAsync();
        }

        return await Harness.RowAsync(id);
    }

    /// <summary>
    /// What sending anything would change: the transaction's row (state, money, deadline, version, refunds and
    /// amount changes), every transaction and journal line of the shop, permissions' charges and pending operations.
    /// </summary>
    protected async Task<string> FootprintAsync(long? transactionId = null)
    {
        var row = transactionId is { } id ? await Harness.RowAsync(id) : null;
        await using var db = await Harness.DbAsync();
        var transactions = await db.GatewayTransactions.CountAsync(t => t.ShopId == TestConsole.ShopId);
        var journal = await db.GatewayJournal.Where(j => j.ShopId == TestConsole.ShopId).CountAsync();
        var lastJournal = await db.GatewayJournal.Where(j => j.ShopId == TestConsole.ShopId).MaxAsync(j => (long?)j.Id);
        var charges = await db.Set<GatewayPermissionCharge>().CountAsync();
        var pending = await db.GatewayPendingOperations.CountAsync();
        return string.Create(CultureInfo.InvariantCulture, $"""
            row: {(row is null ? "-" : $"{row.State} {row.Amount}+{row.Tax} captured {row.CapturedAmount}+{row.CapturedTax} cancelled {row.CancelledAmount}+{row.CancelledTax} partial refunds {row.PartialRefunds} deadline {row.CaptureDeadline:O} version {row.Version} refund rows {row.Refunds.Count} amount changes {row.AmountChanges.Count}")}
            transactions {transactions}, journal lines {journal} (last {lastJournal}), permission charges {charges}, pending operations {pending}
            """);
    }
}

/// <summary>A dialog on screen: its fields found by their labels, its refusal, and its buttons found by their text.</summary>
public sealed class OpenDialog(IRenderedComponent<MudDialogProvider> provider, IDialogReference reference)
{
    public IDialogReference Reference => reference;

    /// <summary>The 延長後の期限 row: Japan time to the second.</summary>
    public DateTimeOffset NewDeadline
    {
        get
        {
            var text = Text("new-deadline");
            Assert.EndsWith(" JST", text, StringComparison.Ordinal);
            return new DateTimeOffset(DateTime.ParseExact(text[..^4], "yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture), TimeSpan.FromHours(9));
        }
    }

    public string Text(string testId) => provider.Find($"[data-testid={testId}]").TextContent.Trim();

    public bool Has(string testId) => provider.FindAll($"[data-testid={testId}]").Count > 0;

    public string? Refusal => provider.FindAll("[data-testid=action-refusal]") is [var alert] ? alert.TextContent.Trim() : null;

    /// <summary>The inputs a staff member types into (the confirmation checkbox is not one).</summary>
    public IReadOnlyList<string> FieldLabels => provider.FindAll(".mud-input-control:not(.mud-input-control-boolean-input) label")
        .Select(label => label.TextContent.Trim()).ToList();

    public IElement Field(string label)
    {
        var labels = provider.FindAll("label").Where(l => l.TextContent.Trim() == label).ToList();
        Assert.True(labels.Count == 1, $"One field labelled '{label}' expected; the dialog has: {string.Join(", ", FieldLabels)}");
        return provider.Find("#" + labels[0].GetAttribute("for"));
    }

    /// <summary>Types into a numeric field as the browser reports it: the field's whole text on every keystroke.</summary>
    public void Type(string label, string text) => Field(label).Input(text);

    public IElement Button(string text) => provider.FindAll("button").Single(b => b.TextContent.Trim() == text);

    public bool IsDisabled(string buttonText) => Button(buttonText).HasAttribute("disabled");

    public bool ConfirmationDisabled => provider.Find("input[type=checkbox]").HasAttribute("disabled");

    /// <summary>Ticks the confirmation and clicks Run, waiting for whatever the click starts to finish.</summary>
    public async Task ConfirmAndRunAsync(string runButton)
    {
        await provider.Find("input[type=checkbox]").ChangeAsync(new ChangeEventArgs { Value = true });
        await Button(runButton).ClickAsync(new MouseEventArgs());
    }

    public void WaitFor(Action assertion) => provider.WaitForAssertion(assertion, TimeSpan.FromSeconds(5));
}
