using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Artha.Admin.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SharedKeysAndWorkLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "TopUpIntents",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseUntilUtc",
                table: "TopUpIntents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "StatusWatches",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseUntilUtc",
                table: "StatusWatches",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "TopUpIntents");

            migrationBuilder.DropColumn(
                name: "LeaseUntilUtc",
                table: "TopUpIntents");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "StatusWatches");

            migrationBuilder.DropColumn(
                name: "LeaseUntilUtc",
                table: "StatusWatches");
        }
    }
}
