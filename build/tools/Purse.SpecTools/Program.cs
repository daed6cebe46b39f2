// Entry point of build/tools/Purse.SpecTools; see SpecToolsCli for the commands.
return Purse.SpecTools.SpecToolsCli.Run(args, Console.Out, Console.Error);
