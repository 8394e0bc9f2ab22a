multi =
    First line
    { $name }
      indented
    .title = Title
