using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MerchantConsole.Data;

/// <summary>
/// A compiled query, compiled once per model. EF Core's compiled query serves the model it first ran with, and a
/// process may hold several (the tests do), so each model gets its own (docs/decisions/008). Used where a read runs
/// on every request: translating the LINQ afresh each time cost about as much as running the statement.
/// </summary>
internal sealed class PerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> compiled = new();

    public TQuery For(DbContext db) => compiled.GetValue(db.Model, _ => compile());
}
