namespace MerchantConsole.Resources;

/// <summary>
/// Anchor type for the console's strings. SharedResource.resx holds Japanese, the default;
/// SharedResource.en.resx holds English. A test keeps the two files' keys identical.
/// </summary>
public sealed class SharedResource;
