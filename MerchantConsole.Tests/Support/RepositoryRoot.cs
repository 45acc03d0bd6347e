namespace MerchantConsole.Tests.Support;

internal static class RepositoryRoot
{
    /// <summary>The folder holding MerchantConsole.sln, found by walking up from the test's output folder.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MerchantConsole.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MerchantConsole.sln not found above " + AppContext.BaseDirectory);
    }
}
