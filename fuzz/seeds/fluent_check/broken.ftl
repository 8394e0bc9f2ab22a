ok = Fine
broken = A { $x ] B
  .attr = { $y
next = { -term(a: 1 }
