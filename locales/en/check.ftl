# What the translators' check says about a locale file (`beacon locales check`, the upload and check pages).
# The command line prints these English texts; the pages show them in the reader's language.

check-encoding = not UTF-8 (byte { $byte } is invalid): save the file as UTF-8
check-byte-order-mark = the file starts with a byte-order mark (BOM): save it as UTF-8 without a BOM
check-line-endings = Windows line endings (CR LF) from this line on: save the file with LF line endings
check-replacement-character = U+FFFD ({"\uFFFD"}) in the text: it went through a broken encoding; retype the characters
check-too-deep = placeables nested more than { $limit } deep: Beacon reads no deeper (real files nest three or four)
check-too-many-attributes = { $count } attributes; Beacon reads at most { $limit } (real messages have a handful)
check-syntax-stopped = { $problem } (the parser stopped at line { $line }, column { $column })
check-duplicate-id = defined twice; the second one hides the first
check-empty-attribute = attribute .{ $attribute } is empty
check-empty-value = the value is empty
check-plural-categories = { $locale } needs the plural categories { $needed }; missing: { $missing } (the default variant is used for them)
check-missing = not translated (English is shown instead)
check-missing-attribute = attribute .{ $attribute } of the reference is missing
check-obsolete-attribute = attribute .{ $attribute } is not in the reference
check-missing-variable = ${ $variable } is used in the reference but not in the translation
check-unknown-variable = ${ $variable } is not in the reference: nothing will fill it
check-references-differ = references { $found } where the reference has { $expected }
check-code = { $code }
check-references-none = none
check-obsolete = not in the reference (any more)
check-ad-text-too-long = .{ $attribute } is { $length } characters as { $platform } counts them; its limit is { $limit }
check-resolver = formatting with sample arguments fails: { $problem }
check-resolver-attribute = formatting .{ $attribute } with sample arguments fails: { $problem }
check-not-a-locale = “{ $locale }” is not a locale code (BCP 47, e.g. lt, pt-BR)
check-no-plural-rules = CLDR has no plural rules for “{ $locale }”: is the code right?
check-obsolete-file = { $reference } has no { $file }
check-missing-file = no { $file }: its { $count ->
        [one] message shows
       *[other] { $count } messages show
    } in English

## The parser's reasons, for check-syntax-stopped and on their own.

check-syntax-expected-token = expected “{ $token }”
check-syntax-expected-range = expected one of “{ $range }”
check-syntax-expected-message-field = { $id } needs a value or an attribute
check-syntax-expected-term-field = the term { $id } needs a value
check-syntax-forbidden-callee = a function cannot be called here
check-syntax-missing-default-variant = the select expression needs a default variant (marked with *)
check-syntax-missing-value = a value is expected
check-syntax-multiple-default-variants = a select expression can have only one default variant
check-syntax-message-reference-as-selector = a message reference cannot select a variant
check-syntax-term-reference-as-selector = a term reference cannot select a variant
check-syntax-message-attribute-as-selector = a message attribute cannot select a variant
check-syntax-term-attribute-as-placeable = a term attribute cannot be shown by itself
check-syntax-unterminated-string = a string literal is not closed
check-syntax-positional-after-named = positional arguments must come before named ones
check-syntax-duplicated-argument = the argument “{ $name }” is given twice
check-syntax-unknown-escape = unknown escape sequence “{ $sequence }”
check-syntax-invalid-unicode-escape = invalid Unicode escape “{ $sequence }”
check-syntax-unbalanced-brace = a closing brace with no opening one
check-syntax-expected-inline-expression = an expression is expected
check-syntax-expected-simple-selector = a selector must be a variable, a literal or a function call
check-syntax-expected-literal = a string or a number is expected
check-syntax-bad-escape = a \u escape takes four hexadecimal digits and a \U escape six (\u00E9, \U01F600)
check-syntax-other = the file cannot be read here

## The resolver's reasons.

check-resolver-unknown-function = there is no function { $id }
check-resolver-unknown-message = there is no message { $id }
check-resolver-unknown-term = there is no term { $id }
check-resolver-unknown-variable = nothing fills ${ $id }
check-resolver-no-value = { $id } has no value
check-resolver-missing-default = a select expression has no default variant
check-resolver-cyclic = a message refers to itself
check-resolver-too-many-placeables = too many placeables
check-resolver-other = the message cannot be formatted
