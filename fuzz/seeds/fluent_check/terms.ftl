-brand = Beacon
    .gender = feminine
about = { -brand(case: "genitive") } { -brand.gender ->
   *[feminine] her
    [masculine] his
}
