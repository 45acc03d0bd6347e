namespace MerchantConsole.Core.AmazonPay;

internal static class ButtonRefusals
{
    public static readonly Refusal StoreNameMissing = new(
        "StoreNameMissing",
        "ストア名もショップ名も設定されていません。購入者に表示するストア名を設定してください。",
        "Neither a store name nor a shop name is set. Set the store name shown to buyers.");

    public static readonly Refusal StoreNameTooLong = new(
        "StoreNameTooLong",
        "ストア名は50文字以内で設定してください。",
        "The store name must be 50 characters or fewer.");

    public static readonly Refusal ProductTypeInvalid = new(
        "ProductTypeInvalid",
        "決済ボタンの種類は PayAndShip（配送あり）か PayOnly（配送なし）を選んでください。",
        "Choose PayAndShip (with shipping) or PayOnly (no shipping) for a payment button.");

    public static readonly Refusal ScopesInvalid = new(
        "ScopesInvalid",
        "取得する購入者情報（スコープ）の指定が正しくありません。",
        "The buyer details requested (scopes) are not valid.");

    public static readonly Refusal FrequencyRequired = new(
        "FrequencyRequired",
        "随時決済用のボタンには支払い頻度（単位と1以上の値）が必要です。",
        "A recurring button needs a payment frequency: a unit and a value of 1 or more.");

    public static readonly Refusal AmountOutOfRange = new(
        "AmountOutOfRange",
        "金額は1円以上9,999,999円以下で指定してください。",
        "The amount must be between ¥1 and ¥9,999,999.");

    public static readonly Refusal PaymentIntentRequired = new(
        "PaymentIntentRequired",
        "APBには支払い方法（Confirm / Authorize / AuthorizeWithCapture）の指定が必要です。",
        "An additional payment button needs a payment intent: Confirm, Authorize or AuthorizeWithCapture.");

    public static readonly Refusal AddressIncomplete = new(
        "AddressIncomplete",
        "APB（PayAndShip）には配送先住所の氏名・住所1・都道府県・郵便番号・国コード・電話番号が必要です。",
        "An additional payment button with PayAndShip needs the shipping address: name, address line 1, prefecture, postal code, country code and phone number.");
}
