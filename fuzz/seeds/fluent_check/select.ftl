emails = { $n ->
    [one] one e-mail { "{" }
   *[other] { NUMBER($n, minimumFractionDigits: 0) } e-mails
}
