using System.Buffers.Binary;
using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;

namespace MerchantConsole.Bench.Transactions;

/// <summary>
/// Transactions in realistic proportions, as the gateway would have written them over two years: most captured
/// (SALES, CAPTURE), some still authorized, cancelled or refunded, a few waiting for Amazon or abandoned, business
/// growing over the period. Deterministic (fixed seed and end date), in creation order so that IDs ascend with
/// time as they do in production. Rows are the app's own entity, so a provider's writer maps them through the EF
/// model and cannot drift from the schema.
/// </summary>
internal static class TransactionGenerator
{
    public const string MainShop = "benchshop1";

    /// <summary>Other shops in the same table, each with this fraction of the main shop's rows: the grid must filter them out.</summary>
    public static readonly (string Id, string Name, double Share)[] Shops =
    [
        (MainShop, "ベンチ商店", 1.0),
        ("benchshop2", "ベンチ商店 二号店", 1.0 / 30),
        ("benchshop3", "Bench Outlet", 1.0 / 30),
        ("benchshop4", "ベンチ卸", 1.0 / 30),
    ];

    /// <summary>The last instant of the data: two years back from here.</summary>
    public static readonly DateTimeOffset End = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Span = TimeSpan.FromDays(730);

    public static long TotalRows(int mainShopRows) => Shops.Sum(s => RowsOf(s.Share, mainShopRows));

    private static long RowsOf(double share, int mainShopRows) => (long)Math.Round(share * mainShopRows);

    /// <summary>Every shop's rows merged in creation order.</summary>
    public static IEnumerable<GatewayTransaction> Generate(int mainShopRows)
    {
        var streams = Shops.Select((shop, index) => Stream(shop.Id, index, RowsOf(shop.Share, mainShopRows)).GetEnumerator()).ToList();
        var heads = new PriorityQueue<IEnumerator<GatewayTransaction>, (long, int)>();
        for (var i = 0; i < streams.Count; i++)
        {
            if (streams[i].MoveNext())
            {
                heads.Enqueue(streams[i], (streams[i].Current.CreatedAt.ToUnixTimeMilliseconds(), i));
            }
        }

        while (heads.TryDequeue(out var stream, out var key))
        {
            yield return stream.Current;
            if (stream.MoveNext())
            {
                heads.Enqueue(stream, (stream.Current.CreatedAt.ToUnixTimeMilliseconds(), key.Item2));
            }
        }
    }

    private static IEnumerable<GatewayTransaction> Stream(string shopId, int shopIndex, long rows)
    {
        var random = new Random(20261128 + shopIndex);
        var start = End - Span;
        var orderPrefix = (char)('A' + shopIndex);
        var day = DateOnly.MinValue;
        var daily = 0;
        for (long i = 0; i < rows; i++)
        {
            // Business doubles over the two years: density 1 + f on [0, 1], sampled stratified so times ascend.
            var u = (i + random.NextDouble()) / rows;
            var f = Math.Sqrt(1 + 3 * u) - 1;
            var created = start + TimeSpan.FromMilliseconds(Math.Floor(f * Span.TotalMilliseconds));
            var jstDay = DateOnly.FromDateTime(created.ToJst().DateTime);
            daily = jstDay == day ? daily + 1 : 1;
            day = jstDay;
            var orderId = $"{orderPrefix}{jstDay:yyyyMMdd}-{daily:D6}";
            yield return Transaction(random, shopId, orderId, AccessId(random, shopIndex, i), created);
        }
    }

    /// <summary>32 hex digits, unique by construction: a bijective mix of (shop, sequence), then random bits.</summary>
    private static string AccessId(Random random, int shopIndex, long sequence)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, Mix(((ulong)shopIndex << 48) | (ulong)sequence));
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], (ulong)random.NextInt64());
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>SplitMix64's finalizer: a bijection on 64-bit values, so distinct inputs stay distinct.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        return z ^ (z >> 31);
    }

    private static GatewayTransaction Transaction(Random random, string shopId, string orderId, string accessId, DateTimeOffset created)
    {
        var age = End - created;
        var type = Pick(random, (PaymentType.OneTime, 86), (PaymentType.Recurring, 8), (PaymentType.RegistrationWithFirstPayment, 3), (PaymentType.RegistrationOnly, 3));
        var jobCd = type == PaymentType.RegistrationOnly ? JobCd.Auth : random.Next(100) < 55 ? JobCd.Capture : JobCd.Auth;
        var amount = Amount(random);
        var tax = random.Next(10) < 7 ? amount / 10 : 0;
        var t = new GatewayTransaction
        {
            ShopId = shopId,
            OrderId = orderId,
            AccessId = accessId,
            ProtectedAccessPass = Opaque(random, 156),
            PaymentType = type,
            JobCd = jobCd,
            Amount = type == PaymentType.RegistrationOnly ? 0 : amount,
            Tax = type == PaymentType.RegistrationOnly ? 0 : tax,
            CreatedAt = created,
            UpdatedAt = created,
            Version = 1,
            RetUrl = type == PaymentType.Recurring ? null : "https://shop.example.jp/amazonpay/result",
            Description = Description(random, orderId),
            ClientField1 = random.Next(4) == 0 ? "member" + random.Next(1, 200_000) : null,
        };

        if (type == PaymentType.RegistrationOnly)
        {
            var ended = random.Next(100) < 15;
            t.State = ended ? TransactionState.End : TransactionState.Register;
            t.ChargePermissionId = AmazonId(random, 'B');
            t.CheckoutSessionId = Guid.CreateVersion7(created).ToString();
            t.StartTokenHash = Opaque(random, 64);
            t.FrequencyUnit = "Month";
            t.FrequencyValue = 1;
            t.AuthorizedAt = created.AddMinutes(2);
            t.UpdatedAt = ended ? created + age * random.NextDouble() : created.AddMinutes(2);
            t.Version = ended ? 3 : 2;
            return t;
        }

        // Where the payment got to; the remainder (most) completed normally.
        var r = random.Next(10_000);
        var outcome = r switch
        {
            < 120 => TransactionState.Unprocessed,
            < 200 => TransactionState.ReqSuccess,
            < 280 => TransactionState.PayFail,
            < 630 => TransactionState.Cancel,
            < 880 => TransactionState.Return,
            _ => jobCd == JobCd.Capture ? TransactionState.Capture : TransactionState.Sales,
        };

        // Waiting for Amazon happens only in the last hours; an authorization waits for capture a few days.
        if (age < TimeSpan.FromHours(6) && r % 50 == 0)
        {
            outcome = (r % 4) switch
            {
                0 => TransactionState.AuthProcess,
                1 => TransactionState.ReqReturn,
                _ => jobCd == JobCd.Capture ? TransactionState.ReqCapture : TransactionState.ReqSales,
            };
        }
        else if (outcome == TransactionState.Sales
            && (age < TimeSpan.FromDays(3) || (age < TimeSpan.FromDays(30) && random.Next(100) < 15) || random.Next(1000) < 8))
        {
            outcome = TransactionState.Auth;
        }

        t.State = outcome;
        if (outcome is TransactionState.Unprocessed)
        {
            return t;
        }

        t.StartTokenHash = Opaque(random, 64);
        t.StartLimit = created.AddMinutes(30);
        t.CheckoutSessionId = Guid.CreateVersion7(created).ToString();
        if (outcome is TransactionState.ReqSuccess or TransactionState.AuthProcess)
        {
            t.UpdatedAt = created.AddMinutes(1);
            t.Version = 2;
            t.SyncDueAt = outcome == TransactionState.AuthProcess ? created.AddMinutes(5) : null;
            return t;
        }

        if (outcome == TransactionState.PayFail)
        {
            t.FailureReason = "HardDeclined";
            t.UpdatedAt = created.AddMinutes(2);
            t.Version = 2;
            return t;
        }

        var authorized = created.AddMinutes(2);
        t.AuthorizedAt = authorized;
        t.FirstAuthorizedTotal = t.Amount + t.Tax;
        t.ChargePermissionId = AmazonId(random, type == PaymentType.OneTime ? 'S' : 'B');
        t.ChargeId = t.ChargePermissionId + "-C" + random.Next(1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        t.AmountChangeEnabled = random.Next(10) == 0;
        t.UpdatedAt = authorized;
        t.Version = 2;
        if (jobCd == JobCd.Auth)
        {
            t.CaptureDeadline = authorized.AddDays(30);
            t.AuthorizationExpired = outcome == TransactionState.Auth && age > TimeSpan.FromDays(30);
        }

        var later = authorized + TimeSpan.FromTicks((long)(Math.Min(age.Ticks, TimeSpan.FromDays(20).Ticks) * random.NextDouble()));
        switch (outcome)
        {
            case TransactionState.Auth:
                break;
            case TransactionState.Cancel:
                t.UpdatedAt = later;
                t.Version = 3;
                break;
            case TransactionState.ReqCapture or TransactionState.ReqSales:
                t.SyncDueAt = authorized.AddMinutes(1);
                t.Version = 3;
                break;
            default:
                t.CapturedAt = jobCd == JobCd.Capture ? authorized : later;
                t.CapturedAmount = t.Amount;
                t.CapturedTax = t.Tax;
                t.UpdatedAt = t.CapturedAt.Value;
                t.Version = 3;
                if (outcome == TransactionState.Return)
                {
                    (t.CancelledAmount, t.CancelledTax, t.UpdatedAt, t.Version) = (t.Amount, t.Tax, later.AddDays(1), 4);
                }
                else if (outcome == TransactionState.ReqReturn)
                {
                    (t.SyncDueAt, t.Version) = (later.AddMinutes(1), 4);
                }
                else if (random.Next(100) < 3)
                {
                    // A partial refund: the row stays captured with part of the money returned.
                    var refunded = Math.Max(10, t.Amount / 10 * random.Next(1, 6) / 10 * 10);
                    (t.CancelledAmount, t.PartialRefunds, t.UpdatedAt, t.Version) = (refunded, 1, later.AddDays(1), 4);
                }

                break;
        }

        return t;
    }

    /// <summary>Log-normal around ¥3,500, in tens of yen, ¥100 to ¥500,000.</summary>
    private static long Amount(Random random)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var yen = Math.Exp(Math.Log(3500) + 0.9 * normal);
        return Math.Clamp((long)Math.Round(yen / 10) * 10, 100, 500_000);
    }

    private static string? Description(Random random, string orderId) => random.Next(10) switch
    {
        < 3 => null,
        < 7 => "ご購入ありがとうございます",
        < 9 => "ご注文番号 " + orderId,
        _ => "ギフト包装, のし付き",
    };

    private static string AmazonId(Random random, char prefix) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}0{random.Next(1, 10)}-{random.Next(10_000_000):D7}-{random.Next(10_000_000):D7}");

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>Stands in for a Data Protection payload or a hash: only its length matters to the queries.</summary>
    private static string Opaque(Random random, int length) =>
        string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });

    private static T Pick<T>(Random random, params (T Value, int Weight)[] choices)
    {
        var n = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (n < weight)
            {
                return value;
            }

            n -= weight;
        }

        throw new InvalidOperationException("Weights must be positive.");
    }
}
