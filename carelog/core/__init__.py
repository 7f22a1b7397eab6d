"""Qt-free, SQL-free domain: enums, rules, validation, DTOs and use-case services."""
