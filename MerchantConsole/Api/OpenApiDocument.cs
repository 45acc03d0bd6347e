using System.Text.Json.Nodes;
using MerchantConsole.Gateway;

namespace MerchantConsole.Api;

/// <summary>
/// The OpenAPI 3.1 document of the JSON variant, built from the operation table so the two cannot drift apart.
/// Hand-built with JSON nodes: the table already holds every field, and no package is needed for that.
/// </summary>
internal static class OpenApiDocument
{
    public static JsonObject Build()
    {
        var paths = new JsonObject();
        foreach (var operation in ApiOperations.All)
        {
            paths[$"/payment/{operation.Name}.json"] = new JsonObject
            {
                ["post"] = new JsonObject
                {
                    ["operationId"] = operation.Name,
                    ["summary"] = $"{operation.Japanese} / {operation.English}",
                    ["requestBody"] = new JsonObject
                    {
                        ["required"] = true,
                        ["content"] = Json(Schema([ApiOperations.ShopIdField, ApiOperations.ShopPassField, .. operation.Request], withRequired: true)),
                    },
                    ["responses"] = new JsonObject
                    {
                        ["200"] = Response("成功 / Success", Schema(operation.Response, withRequired: false)),
                        ["400"] = Response("入力・ショップ設定エラー / Input or shop-settings error", Ref()),
                        ["500"] = Response("システムエラー / System error", Ref()),
                        ["502"] = Response("Amazon Payのエラー / Amazon Pay error", Ref()),
                        ["429"] = Response("ショップのリクエスト数の上限 (E92000001、Retry-After) / The shop's request rate (E92000001, Retry-After)", Ref()),
                        ["503"] = Response("混雑 (E92000002、Retry-After) / The gateway is busy (E92000002, Retry-After)", Ref()),
                    },
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "MerchantConsole merchant API for Amazon Pay (JSON variant)",
                ["version"] = "1",
                ["description"] = "The same operations are available as POST /payment/{Api}.idPass (Windows-31J form, always HTTP 200). "
                    + "Every error is listed in docs/api.md.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject { ["Error"] = ErrorSchema() } },
        };
    }

    private static JsonObject Schema(IEnumerable<ApiParameter> fields, bool withRequired)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var field in fields)
        {
            properties[JsonTransport.CamelCase(field.Name)] = new JsonObject
            {
                // Requests may send whole numbers as JSON numbers or digit strings; answers send numbers.
                ["type"] = field.Type == ApiValueType.Integer
                    ? (withRequired ? new JsonArray("integer", "string") : new JsonArray("integer", "null"))
                    : (JsonNode)"string",
                ["description"] = $"{field.Japanese} / {field.English}",
            };
            if (withRequired && field.Required)
            {
                required.Add(JsonTransport.CamelCase(field.Name));
            }
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        return schema;
    }

    private static JsonObject ErrorSchema() => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("errCode", "errInfo", "errors"),
        ["properties"] = new JsonObject
        {
            ["errCode"] = new JsonObject { ["type"] = "string", ["description"] = "ErrCodes joined with '|', e.g. E01|E01." },
            ["errInfo"] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = "ErrInfos joined with '|'; the n-th pairs with the n-th ErrCode.",
                ["examples"] = new JsonArray(string.Join('|', GatewayErrors.ShopIdMissing.ErrInfo, GatewayErrors.ShopPassMissing.ErrInfo)),
            },
            ["errors"] = new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["errCode"] = new JsonObject { ["type"] = "string" },
                        ["errInfo"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. GatewayErrors.All.Select(e => (JsonNode)e.ErrInfo)]) },
                        ["message"] = new JsonObject
                        {
                            ["type"] = "object",
                            ["properties"] = new JsonObject { ["ja"] = new JsonObject { ["type"] = "string" }, ["en"] = new JsonObject { ["type"] = "string" } },
                        },
                        ["detail"] = new JsonObject { ["type"] = "string", ["description"] = "Amazon's reason code or the rule's detail, when there is one." },
                    },
                },
            },
        },
    };

    private static JsonObject Json(JsonNode schema) => new() { ["application/json"] = new JsonObject { ["schema"] = schema } };

    private static JsonObject Response(string description, JsonNode schema) => new() { ["description"] = description, ["content"] = Json(schema) };

    private static JsonObject Ref() => new() { ["$ref"] = "#/components/schemas/Error" };
}
