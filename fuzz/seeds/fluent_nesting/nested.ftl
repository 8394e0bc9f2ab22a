deep = { { { { "x" } } } }
call = { NUMBER(NUMBER($n)) }
