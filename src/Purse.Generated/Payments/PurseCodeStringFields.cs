using Newtonsoft.Json;
using Purse.Models.Serialization;

namespace Purse.Models;

// Fields Purse's own front-end code types as strings (UpStreamPay/purse-front-sdk-demo, drift record
// 2026-12-07-purse-code), where the spec guessed open objects before: an object Purse may still send is read as
// its JSON text rather than failing the payment.

// Form: an HTML form, usable as is (redirection.ts).
[JsonConverter(typeof(JsonTextFieldConverter), "form")]
public partial class Redirection { }

// ChallengeData: an opaque blob for Purse's front-end SDK (three-ds.ts).
[JsonConverter(typeof(JsonTextFieldConverter), "challenge_data")]
public partial class PaymentAuthentication { }
