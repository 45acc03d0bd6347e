using System.Diagnostics.CodeAnalysis;

// Test names say the behaviour in words separated by underscores (STYLE.md), which CA1707 forbids for
// library APIs. Scoped to this folder's namespace; a repository-wide .editorconfig rule for the test
// project would make this file unnecessary.
[assembly: SuppressMessage(
    "Naming",
    "CA1707:Identifiers should not contain underscores",
    Justification = "Test names read as sentences.",
    Scope = "namespaceanddescendants",
    Target = "~N:MerchantConsole.Tests.Core.Payments")]
